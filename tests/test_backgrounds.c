/*
 * test_backgrounds.c — the patient backgrounds (models/backgrounds.c): the
 * table is complete and names real parameters; the scenario reader parses
 * patient.background into the enum from the same table; a run applies the
 * presets before the patient's own fields.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "massim.h"
#include "model.h"
#include "run.h"
#include "scenario.h"

static void test_table(void **state)
{
    (void)state;
    static const char *const names[MAS_BG_N] = {"healthy", "sjia", "fhl", "carrier"};
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    for (int b = 0; b < MAS_BG_N; b++) {
        const struct mas_background_def *d = mas_background_def(b);
        assert_ptr_equal(d, &mas_backgrounds[b]);
        assert_string_equal(d->name, names[b]);
        assert_true(d->doc && d->doc[0]);
        assert_int_equal(mas_background_find(d->name), b);
        assert_true(d->n_presets >= 0 && d->n_presets <= MAS_BG_MAX_PRESETS);
        for (int i = 0; i < d->n_presets; i++) {
            assert_true(mas_model_find_param(&m, d->presets[i].param) >= 0);
            assert_true(d->presets[i].source && d->presets[i].source[0]);
        }
        for (int i = d->n_presets; i < MAS_BG_MAX_PRESETS; i++)
            assert_null(d->presets[i].param);
    }
    assert_null(mas_background_def(MAS_BG_N));
    assert_int_equal(mas_background_find("sjai"), -1);
    /* the presets and flags as published in docs/model.md */
    assert_int_equal(mas_backgrounds[MAS_BG_HEALTHY].n_presets, 0);
    assert_string_equal(mas_backgrounds[MAS_BG_SJIA].presets[0].param, "suppression_max");
    assert_true(mas_backgrounds[MAS_BG_SJIA].presets[0].value == 0.5);
    assert_string_equal(mas_backgrounds[MAS_BG_FHL].presets[0].param, "cytotoxic_function");
    assert_true(mas_backgrounds[MAS_BG_FHL].presets[0].value == 0.02);
    assert_string_equal(mas_backgrounds[MAS_BG_CARRIER].presets[0].param, "cytotoxic_function");
    assert_true(mas_backgrounds[MAS_BG_CARRIER].presets[0].value == 0.5);
    for (int b = 0; b < MAS_BG_N; b++) {
        assert_int_equal(mas_backgrounds[b].sjia, b == MAS_BG_SJIA);
        assert_int_equal(mas_backgrounds[b].molecular_diagnosis, b == MAS_BG_FHL);
    }
    mas_model_free(&m);
}

/* Each background read from a scenario, then prepared as a run: the enum,
 * the name, and the preset in the model's parameters; an explicit
 * patient.cytotoxic_function wins over the preset. */
static void test_scenario_and_run(void **state)
{
    (void)state;
    static const double cytotoxic[MAS_BG_N] = {1.0, 1.0, 0.02, 0.5};
    static const double suppression[MAS_BG_N] = {0.0, 0.5, 0.0, 0.0};
    char err[MAS_ERR_LEN];
    for (int b = 0; b < MAS_BG_N; b++) {
        for (int own = 0; own < 2; own++) {
            char text[256];
            snprintf(text, sizeof text, "name: bg\npatient: {weight_kg: 25, height_cm: 125, "
                     "background: %s%s}\ntime: {end: 1}\n", mas_backgrounds[b].name,
                     own ? ", cytotoxic_function: 0.7" : "");
            struct mas_run r;
            memset(&r, 0, sizeof r);
            int rc = mas_run_prepare_text(&r, "bg.yaml", text, NULL, 0, err);
            if (rc != MAS_OK)
                fail_msg("%s", err);
            assert_int_equal(r.sc.patient.bg, b);
            assert_string_equal(r.sc.patient.background, mas_backgrounds[b].name);
            int q = mas_model_find_param(&r.model, "cytotoxic_function");
            int k = mas_model_find_param(&r.model, "suppression_max");
            assert_true(q >= 0 && k >= 0);
            assert_true(r.model.p[q] == (own ? 0.7 : cytotoxic[b]));
            assert_true(r.model.p[k] == suppression[b]);
            mas_run_free(&r);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_scenario_and_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
