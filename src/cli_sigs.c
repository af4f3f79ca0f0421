/* SPDX-License-Identifier: MIT */
/*
 * cli_sigs.c - options of "hopscan sigs list|test|check|export".
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_LEVEL = 256,
	OPT_TAG,
	OPT_PATTERNS,
	OPT_PORTABLE
};

static const struct option sigs_longopts[] = {
	{ "signatures",	required_argument, NULL, 's' },
	{ "level",	required_argument, NULL, OPT_LEVEL },
	{ "tag",	required_argument, NULL, OPT_TAG },
	{ "patterns",	no_argument,	   NULL, OPT_PATTERNS },
	{ "portable",	no_argument,	   NULL, OPT_PORTABLE },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

void
cli_sigs_usage(FILE *f)
{
	fputs("usage: hopscan sigs list [-s PATH] [--level LEVEL] [--tag TAG]\n"
	    "       hopscan sigs test [-s PATH]\n"
	    "       hopscan sigs check [-s PATH]\n"
	    "       hopscan sigs export --patterns [--portable] [-s PATH]\n"
	    "  -s, --signatures PATH  rule file or folder (repeatable;\n"
	    "                         default: the installed pack)\n"
	    "      --level LEVEL      list: rules at LEVEL or above\n"
	    "      --tag TAG          list: rules with TAG (attack.t1003 also\n"
	    "                         lists attack.t1003.001)\n"
	    "      --patterns         export: one line pattern per rule, for\n"
	    "                         rg -f (rules that are not one line\n"
	    "                         pattern are listed on stderr)\n"
	    "      --portable         export: also leave out PCRE2-only\n"
	    "                         syntax (lookaround, backreferences ...)\n"
	    "  -h, --help             show this help\n"
	    "test: run every rule's samples; check: lint the rules;\n"
	    "export: print the rules for other tools.\n"
	    "Exit status: 0 fine, 1 failures or problems, 2 an error.\n", f);
}

static enum cli_result
sigs_usage_error(FILE *err, const char *fmt, const char *arg)
{
	fprintf(err, fmt, arg);
	cli_sigs_usage(err);
	return CLI_USAGE;
}

enum cli_result
cli_sigs_parse(int argc, char **argv, struct sigs_cmd *c, FILE *out,
    FILE *err)
{
	int ch;

	memset(c, 0, sizeof(*c));
	c->min_level = SIG_INFORMATIONAL;
	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "--help") == 0)) {
			cli_sigs_usage(out);
			return CLI_DONE;
		}
		return sigs_usage_error(err, "hopscan: sigs: %s\n",
		    "list, test, check or export?");
	}
	c->action = argv[1];
	if (strcmp(c->action, "list") != 0 && strcmp(c->action, "test") != 0 &&
	    strcmp(c->action, "check") != 0 &&
	    strcmp(c->action, "export") != 0)
		return sigs_usage_error(err, "hopscan: sigs: unknown action "
		    "'%s'\n", c->action);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc - 1, argv + 1, "s:h", sigs_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			cli_sigs_usage(out);
			return CLI_DONE;
		case 's':
			c->sigpaths = xreallocarray(c->sigpaths,
			    c->nsigpaths + 1, sizeof(*c->sigpaths));
			c->sigpaths[c->nsigpaths++] = optarg;
			break;
		case OPT_LEVEL:
			if (sig_level_parse(optarg, &c->min_level) != 0)
				return sigs_usage_error(err, "hopscan: unknown "
				    "level '%s'\n", optarg);
			break;
		case OPT_TAG:
			c->tag = optarg;
			break;
		case OPT_PATTERNS:
			c->patterns = true;
			break;
		case OPT_PORTABLE:
			c->portable = true;
			break;
		default:
			return sigs_usage_error(err, "hopscan: sigs: bad or "
			    "incomplete option '%s'\n", (argv + 1)[optind - 1]);
		}
	}
	if (optind < argc - 1)
		return sigs_usage_error(err, "hopscan: sigs: unexpected "
		    "argument '%s'\n", (argv + 1)[optind]);
	if ((c->min_level != SIG_INFORMATIONAL || c->tag != NULL) &&
	    strcmp(c->action, "list") != 0)
		return sigs_usage_error(err, "hopscan: sigs: %s\n",
		    "--level and --tag go with list");
	if ((c->patterns || c->portable) != (strcmp(c->action, "export") == 0))
		return sigs_usage_error(err, "hopscan: sigs: %s\n",
		    c->patterns || c->portable ? "--patterns and --portable go "
		    "with export" : "export what? (--patterns)");
	if (c->portable && !c->patterns)
		return sigs_usage_error(err, "hopscan: sigs: %s\n",
		    "export what? (--patterns)");
	return CLI_RUN;
}

void
cli_sigs_free(struct sigs_cmd *c)
{
	free(c->sigpaths);
	c->sigpaths = NULL;
}
