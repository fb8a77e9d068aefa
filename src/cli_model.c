/*
 * cli_model.c — the verbs that describe the model and its settings:
 * `massim params`, `massim states`, and `massim docs SECTION` (generated
 * Markdown for the documentation, one function per section).
 */
#include "cli.h"
#include "labs.h"
#include "outcomes.h"
#include "massim.h"
#include "model.h"
#include "scenario.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Markdown cells may not contain '|'. */
static void print_md_cell(FILE *f, const char *s)
{
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[]){*s, 0}, f);
}

/* The parameter tables of docs/model.md (spliced in between its markers by
 * tools/update_docs.sh; a test checks that the copy there is current). */
static void print_params_markdown(FILE *f, const struct mas_model *m)
{
    for (int k = 0; k < m->n_mods; k++) {
        fprintf(f, "\n### Module `%s`\n\n%s\n\n| parameter | value | unit | plausible range | "
                "source |\n|---|---|---|---|---|\n", m->mods[k]->name, m->mods[k]->doc);
        for (int i = 0; i < m->n_params; i++) {
            if (mas_model_param_module(m, i) != k)
                continue;
            const struct mas_param_def *d = mas_model_param(m, i);
            double lo, hi;
            enum mas_plausible how = mas_param_plausible(d, d->value, &lo, &hi);
            fprintf(f, "| `%s` | %.6g | ", d->name, d->value);
            print_md_cell(f, d->unit);
            if (how == MAS_PLAUSIBLE_NONE)
                fprintf(f, " | fixed | ");
            else
                fprintf(f, " | %.4g – %.4g (%s) | ", lo, hi, mas_plausible_name(how));
            print_md_cell(f, d->source);
            fprintf(f, " |\n");
        }
    }
}

/* ---- params ----------------------------------------------------------------- */

struct params_args {
    const char *module;
    int markdown;
};

static int unknown_module(const struct mas_model *m, const char *module)
{
    fprintf(stderr, "massim: unknown module '%s'; modules:", module);
    for (int k = 0; k < m->n_mods; k++)
        fprintf(stderr, " %s", m->mods[k]->name);
    fprintf(stderr, "\n");
    return 2;
}

static void print_params(const struct mas_model *m, int only)
{
    printf("%-12s %-34s %12s  %-10s %-34s %s\n", "module", "parameter", "value", "unit",
           "plausible range", "source");
    for (int i = 0; i < m->n_params; i++) {
        int k = mas_model_param_module(m, i);
        if (only >= 0 && k != only)
            continue;
        const struct mas_param_def *d = mas_model_param(m, i);
        double lo, hi;
        char range[64];
        enum mas_plausible how = mas_param_plausible(d, m->p[i], &lo, &hi);
        if (how == MAS_PLAUSIBLE_NONE)
            snprintf(range, sizeof range, "fixed");
        else
            snprintf(range, sizeof range, "%.4g-%.4g (%s)", lo, hi, mas_plausible_name(how));
        printf("%-12s %-34s %12.6g  %-10s %-34s %s\n", m->mods[k]->name, d->name, m->p[i],
               d->unit, range, d->source);
    }
}

static int cmd_params(void *args, int argc, char **argv)
{
    const struct params_args *a = args;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    (void)argc, (void)argv;
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return mas_cli_report(rc, err);
    int only = a->module ? mas_model_find_module(&m, a->module) : -1, status = 0;
    if (a->module && only < 0)
        status = unknown_module(&m, a->module);
    else if (a->markdown)
        print_params_markdown(stdout, &m);
    else
        print_params(&m, only);
    mas_model_free(&m);
    return status;
}

static const struct mas_cli_pos params_pos[] = {
    {"MODULE", 0, 1, offsetof(struct params_args, module),
     "only this module's parameters (default: every module's)"},
};

static const struct mas_cli_opt params_opts[] = {
    {{"--markdown", NULL}, MAS_CLI_FLAG, NULL, offsetof(struct params_args, markdown), NULL, 0,
     "the parameter tables of docs/model.md (as massim docs params)"},
};

const struct mas_cli_verb mas_cli_params = {
    "params", "list parameters: value, unit, source",
    params_pos, MAS_CLI_COUNT(params_pos), params_opts, MAS_CLI_COUNT(params_opts), NULL,
    NULL, sizeof(struct params_args), cmd_params,
};

/* ---- states ------------------------------------------------------------------- */

static int cmd_states(void *args, int argc, char **argv)
{
    char err[MAS_ERR_LEN];
    struct mas_model m;
    (void)args, (void)argc, (void)argv;
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return mas_cli_report(rc, err);
    double *y = calloc((size_t)m.n_states, sizeof *y);
    mas_model_initial(&m, y);
    printf("%-12s %-11s %-30s %12s  %-10s %s\n", "module", "kind", "name", "rest", "unit", "description");
    for (int i = 0; i < m.n_states; i++) {
        const struct mas_state_def *d = mas_model_state(&m, i);
        printf("%-12s %-11s %-30s %12.6g  %-10s %s\n", m.mods[mas_model_state_module(&m, i)]->name,
               "state", d->name, y ? y[i] : d->initial, d->unit, d->doc);
    }
    for (int i = 0; i < m.n_obs; i++) {
        const struct mas_obs_def *d = mas_model_obs(&m, i);
        printf("%-12s %-11s %-30s %12s  %-10s %s\n", "", "observable", d->name, "", d->unit, d->doc);
    }
    free(y);
    mas_model_free(&m);
    return 0;
}

const struct mas_cli_verb mas_cli_states = {
    "states", "list states (with resting values) and observables with units",
    NULL, 0, NULL, 0, NULL, NULL, 0, cmd_states,
};

/* ---- docs ------------------------------------------------------------------------ */

static int docs_params(FILE *f, char *err)
{
    struct mas_model m;
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return rc;
    print_params_markdown(f, &m);
    mas_model_free(&m);
    return MAS_OK;
}

static int docs_paths(FILE *f, char *err)
{
    (void)err;
    mas_settable_paths_markdown(f);
    return MAS_OK;
}

static int docs_metrics(FILE *f, char *err)
{
    (void)err;
    mas_outcomes_markdown_metrics(f);
    return MAS_OK;
}

static int docs_remission(FILE *f, char *err)
{
    (void)err;
    mas_outcomes_markdown_remission(f);
    return MAS_OK;
}

static int docs_labs(FILE *f, char *err)
{
    return mas_labs_markdown(f, NULL, err);
}

/* The sections of massim docs: adding one is one line here. */
static const struct docs_section {
    const char *name;
    const char *summary;
    int (*write)(FILE *f, char *err);
} sections[] = {
    {"params", "the parameter tables of docs/model.md", docs_params},
    {"paths", "the NAMEs --set NAME=VALUE and sweep axes accept", docs_paths},
    {"metrics", "the outcome metrics of /summary (docs/therapies.md)", docs_metrics},
    {"remission", "the remission limits (docs/therapies.md)", docs_remission},
    {"labs", "the healthy child's resting labs against paediatric intervals (docs/model.md)", docs_labs},
};

struct docs_args {
    const char *section;
};

static int cmd_docs(void *args, int argc, char **argv)
{
    const struct docs_args *a = args;
    char err[MAS_ERR_LEN];
    (void)argc, (void)argv;
    for (int i = 0; i < MAS_CLI_COUNT(sections); i++)
        if (strcmp(sections[i].name, a->section) == 0)
            return mas_cli_report(sections[i].write(stdout, err), err);
    fprintf(stderr, "massim: unknown section '%s'; sections:", a->section);
    for (int i = 0; i < MAS_CLI_COUNT(sections); i++)
        fprintf(stderr, " %s", sections[i].name);
    fprintf(stderr, "\n");
    return 2;
}

static void docs_more_help(FILE *f)
{
    fprintf(f, "\nSECTIONs:\n");
    for (int i = 0; i < MAS_CLI_COUNT(sections); i++)
        fprintf(f, "  %-12s%s\n", sections[i].name, sections[i].summary);
}

static const struct mas_cli_pos docs_pos[] = {
    {"SECTION", 1, 1, offsetof(struct docs_args, section), "the section to print (below)"},
};

const struct mas_cli_verb mas_cli_docs = {
    "docs", "print a section of the documentation generated from the code, as Markdown",
    docs_pos, MAS_CLI_COUNT(docs_pos), NULL, 0, NULL,
    docs_more_help, sizeof(struct docs_args), cmd_docs,
};
