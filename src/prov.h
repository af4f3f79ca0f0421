/* SPDX-License-Identifier: MIT */
/*
 * prov.h - provenance strings ("evidence/a.tar.gz!dc01/auth.log") and the
 * host name a path implies.
 */
#ifndef PROV_H
#define PROV_H

/*
 * The provenance of member inside the container whose provenance is
 * parent: "parent!member", with leading "./" and "/" of member dropped.
 * A NULL or empty member becomes "?".  Returns a new string.
 */
char	*prov_join(const char *parent, const char *member);

/*
 * The host implied by a path relative to the scan root: its first
 * component, with archive and compression extensions (.tar.gz, .tgz, .zip,
 * .7z ...) stripped, case-insensitively.  "client-a.tar.gz" -> "client-a",
 * "dc01/var/log/auth.log" -> "dc01".  Returns a new string ("" for "").
 */
char	*prov_host(const char *rel);

/*
 * The host named by component n (from 1) of rel, a provenance relative to
 * the scan root whose components are separated by '/' or '!', with
 * archive extensions stripped as by prov_host().  A path with fewer
 * components gives its first.  For --host-from: with n = 2,
 * "client-a/dc01/var/log/x" -> "dc01".  Returns a new string.
 */
char	*prov_host_n(const char *rel, int n);

/*
 * The name of the stream inside a single compressed file named name (a
 * path or provenance): its last component without the compression
 * extension.  "x/auth.log.2.gz" -> "auth.log.2", "a.tgz" -> "a.tar",
 * "data" -> "data".  Returns a new string.
 */
char	*prov_inner_name(const char *name);

#endif /* PROV_H */
