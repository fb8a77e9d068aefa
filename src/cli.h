/*
 * cli.h — the command line as tables: each verb declares its options and
 * positional arguments once (struct mas_cli_verb); one parser reads argv by
 * the table and one writer prints the verb's --help from it, so the help
 * lists exactly what the parser accepts (tests/test_cli.c checks both
 * ways).  The verbs themselves are in cli_*.c; main.c only dispatches.
 *
 * Exit statuses: 0 success, 1 a run that failed (solver, I/O), 2 bad usage
 * or bad input.
 */
#ifndef MAS_CLI_H
#define MAS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum mas_cli_kind {
    MAS_CLI_FLAG,    /* sets an int to 1 */
    MAS_CLI_VALUE,   /* takes the next argument: a const char * (the last one given wins) */
    MAS_CLI_LIST,    /* repeatable, takes the next argument: a struct mas_cli_list */
};

enum mas_cli_flags {
    MAS_CLI_REQUIRED = 1,   /* the option must be given */
    MAS_CLI_ALONE = 2,      /* an action of its own (--list): nothing else is required */
};

/* The values of a repeated option or of a positional taking several. */
struct mas_cli_list {
    const char **v;
    int n;
};

struct mas_cli_opt {
    const char *names[2];  /* e.g. {"-o", "--output"}; names[1] may be NULL */
    enum mas_cli_kind kind;
    const char *value;     /* the value's placeholder ("FILE"); NULL for a flag */
    size_t offset;         /* of the int / const char * / struct mas_cli_list in the args */
    /* Instead of storing at offset (when not NULL): check and store the
     * value; nonzero with msg filled (MAS_ERR_LEN) to refuse it. */
    int (*set)(void *args, const char *value, char *msg);
    unsigned flags;        /* enum mas_cli_flags */
    const char *help;      /* may hold '\n' for more lines */
};

/* Positional arguments, filled in order: max 1 is a const char *, any other
 * max (0: no bound) a struct mas_cli_list. */
struct mas_cli_pos {
    const char *name;      /* "SCENARIO" */
    int min, max;
    size_t offset;
    const char *help;
};

struct mas_cli_verb {
    const char *name;
    const char *summary;   /* one line, no final period */
    const struct mas_cli_pos *pos;
    int n_pos;
    const struct mas_cli_opt *opts;
    int n_opts;
    const char *notes;     /* text after the option list, or NULL */
    void (*more_help)(FILE *f);   /* generated text after the notes, or NULL */
    size_t args_size;      /* of the struct the parser fills */
    /* Runs the verb on the parsed args; argc/argv (argv[0] the verb) are
     * for provenance.  Returns the exit status. */
    int (*run)(void *args, int argc, char **argv);
};

#define MAS_CLI_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* What mas_cli_parse() returns. */
enum mas_cli_result {
    MAS_CLI_OK = 0,
    MAS_CLI_HELP,        /* -h or --help before any "--" */
    MAS_CLI_UNKNOWN,     /* an option the verb does not have */
    MAS_CLI_NO_VALUE,    /* an option without its value */
    MAS_CLI_BAD_VALUE,   /* a value its setter refused */
    MAS_CLI_MISSING,     /* a required option or positional missing */
    MAS_CLI_EXTRA,       /* more positionals than the verb takes */
};

/* The verbs, in the order of massim --help. */
extern const struct mas_cli_verb *const mas_cli_verbs[];
extern const int mas_cli_n_verbs;
const struct mas_cli_verb *mas_cli_find_verb(const char *name);

/* Parse argv[1..argc) (argv[0] is the verb) into args (zeroed by the
 * caller, args_size bytes).  Every option is identified before any value
 * is checked, so an unknown option is reported first.  Returns a
 * mas_cli_result; msg (MAS_ERR_LEN) says what was wrong.  Free the lists
 * with mas_cli_args_free() whatever it returns. */
int mas_cli_parse(const struct mas_cli_verb *v, int argc, char **argv, void *args, char *msg);
void mas_cli_args_free(const struct mas_cli_verb *v, void *args);

void mas_cli_usage(const struct mas_cli_verb *v, FILE *f);   /* "usage: massim ..." lines */
void mas_cli_help(const struct mas_cli_verb *v, FILE *f);    /* massim VERB --help */
void mas_cli_overview(FILE *f);                              /* massim --help */

/* The whole command line (argv[0] "massim"): returns the exit status. */
int mas_cli_main(int argc, char **argv);

/* Helpers of the verbs. */
int mas_cli_status(int rc);                     /* MAS_* status -> exit status */
int mas_cli_report(int rc, const char *err);    /* print "massim: err" unless MAS_OK */
int mas_cli_usage_error(const char *verb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));      /* message and usage; returns 2 */
char *mas_cli_join_args(int argc, char **argv); /* for provenance; free() it */
/* -j N: 1 to 256 workers into *jobs; nonzero with msg filled if not. */
int mas_cli_parse_jobs(const char *s, int *jobs, char *msg);
/* --shard I/N with 0 <= I < N into *i, *n; nonzero with msg filled if not. */
int mas_cli_parse_shard(const char *s, uint64_t *i, uint64_t *n, char *msg);

/* The verb tables, one per file of verbs. */
extern const struct mas_cli_verb mas_cli_run, mas_cli_check, mas_cli_export, mas_cli_criteria;
extern const struct mas_cli_verb mas_cli_params, mas_cli_states, mas_cli_docs;
extern const struct mas_cli_verb mas_cli_plot, mas_cli_figures;
extern const struct mas_cli_verb mas_cli_sweep, mas_cli_merge, mas_cli_cohort, mas_cli_fit;
extern const struct mas_cli_verb mas_cli_sensitivity;

#endif
