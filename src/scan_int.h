/* SPDX-License-Identifier: MIT */
/*
 * scan_int.h - what the two halves of the scanner share: scan.c (threads,
 * files, archive members, records and events) and pipe.c (the lines of a
 * big stream in batches that any thread may match and parse, in order).
 */
#ifndef SCAN_INT_H
#define SCAN_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "escape.h"
#include "formats/format.h"
#include "lines.h"
#include "scan.h"

/* An event whose time is known only when its stream has been read. */
struct pending {
	struct event		 ev;
	struct clock_mark	 mark;
};

/*
 * Lines of one stream, in order, matched whole, then parsed and made into
 * events in the stream's order.  Once the stream is big, idle threads
 * take its batches, match them and parse those whose turn it is, while
 * the thread reading the stream reads on (see pipe_lines()).
 */
struct batch {
	struct buf		 text;	/* the lines, each and a '\n' */
	size_t			*end;	/* by line: where it ends in text */
	struct bline {
		size_t		 off, len;	/* in text */
		uint64_t	 no, offset;
		bool		 cut;
	}			*ln;
	size_t			 nln, capln;
	struct bhit {
		size_t			 line;
		const struct sig	*sig;
		enum match_result	 r;
	}			*hit;	/* in line order, then rule order */
	size_t			 nhit, caphit;
	const char		*format;
	struct worker		*own;	/* the reading thread's */
	uint64_t		 seq;	/* its place in the stream */
	enum {
		B_IDLE,		/* parsed, free */
		B_QUEUED,	/* for a thread to match */
		B_RUNNING,	/* being matched */
		B_MATCHED	/* to be parsed, in turn */
	}			 state;	/* job->lock */
	struct item		*it;	/* while queued */
};

/* Batches of one stream out at once. */
#define PIPE_DEPTH	4

/*
 * An archive member read into memory by the thread that decompresses its
 * archive, for an idle thread to scan; or a batch of lines to match.
 */
struct item {
	struct item		*next;
	struct batch		*batch;	/* or a member: */
	struct stream_copy	 copy;
	const struct walk_file	*file;
	size_t			 input;
	struct stream_info	 si;	/* what input.c said of it ... */
	char			*si_detail;	/* ... with copies of */
	unsigned char		 sha256[32];	/* its strings and digest */
};

/* Members handed to other threads: at most this big, this much in all. */
#define HANDOFF_MAX	(16u << 20)
#define QUEUE_MAX	(64u << 20)
/* ... or, when no thread waits yet (they match batches), this much. */
#define QUEUE_BUSY	(4u << 20)

/* What the threads share. */
struct job {
	const struct scan_opts		*o;
	const struct matcher		*m;
	const struct timeline_filter	*f;
	const struct walk		*w;
	const struct hop_diag		*d;
	struct input_opts		 in;	/* o->input, done set */
	atomic_size_t			 next;	/* next file to take */
	int				 nt;	/* threads */

	pthread_mutex_t			 lock;	/* guards the queue: */
	pthread_cond_t			 cv;
	struct item			*head, **tail;
	size_t				 queued;	/* bytes in items */
	int				 busy;	/* threads reading files */
	atomic_int			 idle;	/* threads waiting */
};

/* One thread's state. */
struct worker {
	struct job		*job;
	pthread_t		 tid;
	struct match_scratch	*sc;
	struct lines		*lines;
	struct timeline		*tl;
	int			 status;
	const struct walk_file	*file;	/* the file being read */
	size_t			 input;	/* its number */
	uint64_t		 nrec;	/* records of the stream read */
	uint64_t		 nev;	/* events of the stream kept */
	struct stream		*st;	/* the stream being read */
	const struct format	*fmt;
	struct fmt_stream	 fs;
	const struct line	*ln;	/* the line being matched */
	const struct record	*rec;
	struct clock		 clk;	/* the stream's clock */
	struct clock_mark	 mark;	/* the line's time, from clk */
	char			*host;	/* the stream's host, from its path */
	const char		*pos_kind;	/* "line", "record" ... */
	struct pending		*pend;	/* events of this stream */
	size_t			 npend, cappend;
	size_t			 pend_mem;	/* bytes pend[] holds */
	FILE			*pend_f;	/* pending events spilled */
	struct buf		 look;	/* the lines formats bid on */
	struct record		 prev;	/* the last record, for line pieces */
	uint64_t		 prev_no;	/* its line number, 0 = none */
	struct buf		 prev_host;
	struct item		*handoff;	/* the stream just copied */
	bool			 replay;	/* scanning an item */
	uint64_t		 first_cut;	/* first line cut for length */
	/*
	 * The batches of the stream being read (pipe_lines()); the stream's
	 * parse state above belongs to whichever thread parses the next.
	 */
	struct batch		 pb[PIPE_DEPTH];
	uint64_t		 pipe_read;	/* lines put in batches */
	uint64_t		 pipe_seq;	/* batches made */
	uint64_t		 pipe_parse;	/* batches parsed */
	bool			 pipe_parsing;	/* the next is being parsed */
	bool			 pipe_stopped;	/* a parse said stop */
};

/* scan.c */
/* A rule matched wk's current line (wk->ln, wk->rec), or hit a limit. */
void	scan_on_match(void *arg, const struct sig *s, enum match_result r);
/* Parse line ln of wk's stream into *r and mark its time. */
void	scan_parse_line(struct worker *wk, const struct line *ln,
	    struct record *r);
/* Whether wk must stop reading st (signal, --max-records; said once). */
bool	scan_stop(struct worker *wk, struct stream *st);

/* pipe.c */
void	pipe_init(struct worker *wk);
void	pipe_fini(struct worker *wk);
/*
 * wk's stream after its look-ahead, line by line in batches; *rc gets how
 * the reading ended.  Its events and diagnostics are those of matching
 * and parsing each line in turn.
 */
void	pipe_lines(struct worker *wk, struct stream *st, int *rc);
/* Match batch b with wk's scratch, then (pipe_matched) parse it in turn. */
void	pipe_match(struct worker *wk, struct batch *b);
void	pipe_matched(struct worker *wk, struct batch *b);

#endif /* SCAN_INT_H */
