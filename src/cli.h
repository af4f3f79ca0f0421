/* SPDX-License-Identifier: MIT */
/*
 * cli.h - command-line parsing of the subcommands, and their usage texts.
 * Parsing never runs anything: main.c does.
 */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "print.h"
#include "sigs.h"
#include "scan.h"
#include "timeline.h"

/* What "hopscan scan" was asked to do. */
struct scan_cmd {
	struct scan_opts	 scan;
	struct timeline_filter	 filter;
	enum print_format	 format;
	bool			 format_given;
	const char		*output;	/* NULL: stdout */
	const char		**sigpaths;	/* -s, in order; owned array */
	size_t			 nsigpaths;
	bool			 quiet;
	const char		*tz_name;	/* --tz, loaded by main.c */
	const char		*tzmap_path;	/* --tz-map, loaded by main.c */
	const char		*manifest;	/* --manifest FILE, or NULL */
	uint32_t		 match_limit;	/* PCRE2 limits; 0: default */
	uint32_t		 depth_limit;
	struct profile		*profile;	/* --include ... --all-files */
	char			**paths;	/* evidence paths */
	size_t			 npaths;
	unsigned long		 shard_k, shard_n;	/* --shard K/N; N = 0: all */
	int			 progress;	/* --progress 1, --no-progress 0,
						   -1: when stderr is a terminal */
};

/* What parsing says to do next. */
enum cli_result {
	CLI_RUN,		/* run the command */
	CLI_DONE,		/* --help was printed: exit 0 */
	CLI_USAGE		/* a usage error was printed: exit 2 */
};

/* Parse "scan" options (argv[0] is "scan").  Messages go to err. */
enum cli_result	 cli_scan_parse(int argc, char **argv, struct scan_cmd *c,
		    FILE *out, FILE *err);
void		 cli_scan_free(struct scan_cmd *c);

/* What "hopscan sigs" was asked to do. */
struct sigs_cmd {
	const char		*action;	/* "list", "test", "check" or
						   "export" */
	const char		**sigpaths;	/* -s, in order; owned array */
	size_t			 nsigpaths;
	enum sig_level		 min_level;	/* list --level */
	const char		*tag;		/* list --tag */
	bool			 patterns;	/* export --patterns */
	bool			 portable;	/* export --portable */
};

/* Parse "sigs ACTION [options]" (argv[0] is "sigs"). */
enum cli_result	 cli_sigs_parse(int argc, char **argv, struct sigs_cmd *c,
		    FILE *out, FILE *err);
void		 cli_sigs_free(struct sigs_cmd *c);
void		 cli_sigs_usage(FILE *f);

/*
 * Run "hopscan merge" (argv[0] is "merge"): its options, the merge, its
 * messages.  Returns the exit status.
 */
int		 cli_merge_main(int argc, char **argv);
void		 cli_merge_usage(FILE *f);

/* Usage of the whole program, and of "scan". */
void		 cli_usage(FILE *f);
void		 cli_scan_usage(FILE *f);

/*
 * Where the signature pack is when -s is not given: $HOPSCAN_SIGNATURES,
 * else "signatures" beside the binary (the build tree), else
 * ../share/hopscan/signatures from the binary (an installed tree, wherever
 * it was installed), else the compiled-in installation path.  Returns a
 * new string.
 */
char		*cli_sigdir_default(void);

#endif /* CLI_H */
