/*
 * test_tables.c — the module tables are checked when the model is
 * assembled (mas_model_init_modules), so a table entry gone wrong stops
 * massim at start-up instead of changing the biology quietly.
 *
 * Each case copies real modules (coagulation, emapalumab, hsct, ...) into
 * memory, mutates one entry, assembles the registry with the copy in place of
 * the original, and expects MAS_EINPUT with a message that names the module
 * and the slot or name at fault:
 *   - a row left out of a designated-initialiser table (a hole: NULL name)
 *     in the parameters, states, uses, uses_params, observables;
 *   - a `uses` / `uses_params` name misspelt;
 *   - a drug route state misspelt or of the wrong unit (no scenario doses it);
 *   - a parameter or drug name given twice; a default value out of range.
 * And mas_model_find_var resolves states and observables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "massim.h"
#include "model.h"

extern const struct mas_module mas_module_coagulation;
extern const struct mas_module mas_module_emapalumab;
extern const struct mas_module mas_module_anakinra;
extern const struct mas_module mas_module_hsct;

/* A writable copy of one module and its tables, put into a copy of the
 * registry in place of the original. */
struct mutant {
    struct mas_module mod;
    struct mas_state_def *states;
    struct mas_param_def *params;
    const char **uses;
    const char **uses_params;
    struct mas_obs_def *obs;
    struct mas_drug *drugs;
    const struct mas_module **mods;
};

static void *copy_of(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    assert_non_null(q);
    if (n)
        memcpy(q, p, n);
    return q;
}

static void mutant_init(struct mutant *x, const struct mas_module *orig)
{
    const struct mas_module *o = orig;
    x->mod = *o;
    x->states = copy_of(o->states, (size_t)o->n_states * sizeof *x->states);
    x->params = copy_of(o->params, (size_t)o->n_params * sizeof *x->params);
    x->uses = copy_of(o->uses, (size_t)o->n_uses * sizeof *x->uses);
    x->uses_params = copy_of(o->uses_params, (size_t)o->n_uses_params * sizeof *x->uses_params);
    x->obs = copy_of(o->observables, (size_t)o->n_obs * sizeof *x->obs);
    x->drugs = copy_of(o->drugs, (size_t)o->n_drugs * sizeof *x->drugs);
    x->mod.states = x->states;
    x->mod.params = x->params;
    x->mod.uses = x->uses;
    x->mod.uses_params = x->uses_params;
    x->mod.observables = x->obs;
    x->mod.drugs = x->drugs;
    x->mods = copy_of(mas_modules, (size_t)mas_n_modules * sizeof *x->mods);
    int found = 0;
    for (int i = 0; i < mas_n_modules; i++)
        if (mas_modules[i] == orig) {
            x->mods[i] = &x->mod;
            found = 1;
        }
    assert_true(found);
}

static void mutant_free(struct mutant *x)
{
    free(x->states);
    free(x->params);
    free(x->uses);
    free(x->uses_params);
    free(x->obs);
    free(x->drugs);
    free(x->mods);
}

/* Assemble the registry with the mutant; expect failure mentioning every
 * one of the NULL-terminated fragments. */
static void expect_fail(struct mutant *x, ...)
{
    char err[MAS_ERR_LEN] = "";
    struct mas_model m;
    int rc = mas_model_init_modules(&m, x->mods, mas_n_modules, err);
    if (rc == MAS_OK) {
        mas_model_free(&m);
        fail_msg("the mutant was accepted");
    }
    assert_int_equal(rc, MAS_EINPUT);
    assert_null(m.mods);            /* left empty */
    va_list ap;
    va_start(ap, x);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL;)
        if (!strstr(err, want))
            fail_msg("error \"%s\" does not mention \"%s\"", err, want);
    va_end(ap);
    print_message("    rejected: %s\n", err);
    mutant_free(x);
}

static int param_slot(const struct mas_module *mod, const char *name)
{
    for (int k = 0; k < mod->n_params; k++)
        if (strcmp(mod->params[k].name, name) == 0)
            return k;
    fail_msg("no parameter %s in %s", name, mod->name);
    return -1;
}

static void test_registry_ok(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model a, b;
    assert_int_equal(mas_model_init(&a, err), MAS_OK);
    assert_int_equal(mas_model_init_modules(&b, mas_modules, mas_n_modules, err), MAS_OK);
    assert_int_equal(a.n_states, b.n_states);
    assert_int_equal(a.n_params, b.n_params);
    assert_int_equal(a.n_obs, b.n_obs);
    mas_model_free(&a);
    mas_model_free(&b);

    /* An unmutated copy is accepted too (the harness itself is sound). */
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    assert_int_equal(mas_model_init_modules(&a, x.mods, mas_n_modules, err), MAS_OK);
    mas_model_free(&a);
    mutant_free(&x);

    assert_int_equal(mas_model_init_modules(&a, mas_modules, 0, err), MAS_EINPUT);
}

/* (a) A parameter row removed: its slot is zeros, the name NULL. */
static void test_param_hole(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    int k = param_slot(&x.mod, "tf_consumption_per_d");
    memset(&x.params[k], 0, sizeof x.params[k]);
    char slot[64];
    snprintf(slot, sizeof slot, "parameter %d has no entry", k);
    expect_fail(&x, "module 'coagulation'", slot, (char *)NULL);
}

static void test_other_holes(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    memset(&x.states[1], 0, sizeof x.states[1]);
    expect_fail(&x, "module 'coagulation'", "state 1 has no entry", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    x.uses[2] = NULL;
    expect_fail(&x, "module 'coagulation'", "uses 2 has no entry", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    x.uses_params[3] = NULL;
    expect_fail(&x, "module 'coagulation'", "uses_params 3 has no entry", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    memset(&x.obs[0], 0, sizeof x.obs[0]);
    expect_fail(&x, "module 'coagulation'", "observable 0 has no entry", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    x.params[0].source = NULL;
    expect_fail(&x, "module 'coagulation'", "parameter 0 ('fibrinogen_half_life_d') has no source",
                (char *)NULL);

    mutant_init(&x, &mas_module_anakinra);   /* a pk1.h module */
    memset(&x.params[2], 0, sizeof x.params[2]);
    expect_fail(&x, "module 'anakinra'", "parameter 2 has no entry", (char *)NULL);
}

/* (b) A `uses` or `uses_params` name misspelt. */
static void test_uses_misspelt(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    x.uses[1] = "tnff";
    expect_fail(&x, "module 'coagulation'", "'tnff'", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    x.uses_params[0] = "il6_baseline_";
    expect_fail(&x, "module 'coagulation'", "'il6_baseline_'", (char *)NULL);
}

/* (c) A drug route state misspelt: caught at init, with no scenario dosing. */
static void test_drug_route_misspelt(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_emapalumab);
    assert_int_equal(x.mod.n_drugs, 1);
    x.drugs[0].iv_state = "emapalumab_centrl";
    expect_fail(&x, "module 'emapalumab'", "drug 'emapalumab'", "iv_state 'emapalumab_centrl'",
                "not a state", (char *)NULL);

    /* A route pointing at a state of the wrong kind (the infusion rate). */
    mutant_init(&x, &mas_module_emapalumab);
    x.drugs[0].iv_state = "emapalumab_infusion";
    expect_fail(&x, "module 'emapalumab'", "iv_state 'emapalumab_infusion'", "mg/d", (char *)NULL);

    mutant_init(&x, &mas_module_anakinra);
    x.drugs[0].sc_state = "anakinra_dep0t";
    expect_fail(&x, "module 'anakinra'", "sc_state 'anakinra_dep0t'", (char *)NULL);

    mutant_init(&x, &mas_module_hsct);
    x.drugs[0].procedure_state = "hsct";
    expect_fail(&x, "module 'hsct'", "procedure_state 'hsct'", (char *)NULL);

    mutant_init(&x, &mas_module_hsct);
    x.drugs[0].procedure_state = NULL;
    expect_fail(&x, "module 'hsct'", "drug 'hsct' has no route", (char *)NULL);
}

/* (d) Names given twice. */
static void test_duplicates(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    x.params[param_slot(&x.mod, "thrombopoietin_il6_ec50")].name = "fibrinogen_il6_ec50";
    expect_fail(&x, "parameter 'fibrinogen_il6_ec50' is defined twice (modules 'coagulation' and 'coagulation')",
                (char *)NULL);

    mutant_init(&x, &mas_module_anakinra);
    x.drugs[0].name = "tocilizumab";
    expect_fail(&x, "drug 'tocilizumab' is defined twice (modules 'anakinra' and 'tocilizumab')", (char *)NULL);

    mutant_init(&x, &mas_module_coagulation);
    x.states[0].name = "ferritin";
    expect_fail(&x, "state 'ferritin' is defined twice (modules 'coagulation' and 'iron')", (char *)NULL);
}

static void test_default_out_of_range(void **state)
{
    (void)state;
    struct mutant x;
    mutant_init(&x, &mas_module_coagulation);
    x.params[param_slot(&x.mod, "fibrinogen_il6_ec50")].value = 0.0;
    expect_fail(&x, "module 'coagulation'", "parameter 'fibrinogen_il6_ec50' = 0 is not a number > 0",
                (char *)NULL);
}

static void test_find_var(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    int is_obs = -1;
    int i = mas_model_find_var(&m, "ferritin", &is_obs);
    assert_int_equal(i, mas_model_find_state(&m, "ferritin"));
    assert_int_equal(is_obs, 0);
    i = mas_model_find_var(&m, "esr", &is_obs);
    assert_int_equal(i, mas_model_find_obs(&m, "esr"));
    assert_true(i >= 0);
    assert_int_equal(is_obs, 1);
    assert_int_equal(mas_model_find_var(&m, "no_such_variable", &is_obs), -1);
    assert_int_equal(is_obs, 0);
    assert_int_equal(mas_model_find_var(&m, "platelets", NULL), mas_model_find_state(&m, "platelets"));
    mas_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_ok),
        cmocka_unit_test(test_param_hole),
        cmocka_unit_test(test_other_holes),
        cmocka_unit_test(test_uses_misspelt),
        cmocka_unit_test(test_drug_route_misspelt),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_default_out_of_range),
        cmocka_unit_test(test_find_var),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
