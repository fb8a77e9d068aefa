/*
 * scenario_paths.c — the settable paths of scenario_set.c's table
 * (mas_settable_path) as text: the NAME list of `massim run --help` and
 * `massim sweep --help`, and the Markdown table of `massim docs paths`.
 */
#include "scenario.h"

#include <stdio.h>

void mas_settable_paths_help(FILE *f)
{
    fprintf(f, "\nNAMEs for --set NAME=VALUE (a bare VALUE is in the unit shown; docs/sweeps.md):\n");
    for (int i = 0; mas_settable_path(i); i++) {
        const struct mas_settable_path *d = mas_settable_path(i);
        fprintf(f, "  %-29s %s [%s]\n", d->path, d->what, d->unit);
    }
}

/* Markdown cells may not hold '|'. */
static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[]){ *s, 0 }, f);
}

void mas_settable_paths_markdown(FILE *f)
{
    fprintf(f, "| name | a bare number is in | what | valid values | example |\n"
               "|---|---|---|---|---|\n");
    for (int i = 0; mas_settable_path(i); i++) {
        const struct mas_settable_path *d = mas_settable_path(i);
        fprintf(f, "| `");
        md_cell(f, d->path);
        fprintf(f, "` | ");
        md_cell(f, d->unit);
        fprintf(f, " | ");
        md_cell(f, d->what);
        fprintf(f, " | ");
        md_cell(f, d->valid);
        fprintf(f, " | `--set ");
        md_cell(f, d->example);
        fprintf(f, "` |\n");
    }
}

