/* SPDX-License-Identifier: MIT */
/*
 * field.h - a named value of a structured record (an EVTX EventData item),
 * shared by the readers that produce them and the matcher.
 */
#ifndef FIELD_H
#define FIELD_H

struct field {
	const char	*name;		/* NUL-terminated UTF-8 */
	const char	*value;		/* NUL-terminated UTF-8 */
};

#endif /* FIELD_H */
