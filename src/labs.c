/*
 * labs.c — the resting labs of the healthy child (the model's initial
 * state with its default parameters: the healthy background, 25 kg)
 * against paediatric reference intervals.  docs/model.md, "Resting labs".
 */
#include "labs.h"

#include "massim.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* Donker: healthy Dutch children 0.3-17 y (n = 266), median and P2.5-P97.5
 * by sex (Table 1 of Donker et al., standardized serum hepcidin values in
 * Dutch children; A.E. Donker's thesis, chapter 7); the wider of the two
 * sexes' limits is used. */
const struct mas_lab_range mas_lab_ranges[] = {
    {"hemoglobin", "hemoglobin", 10.4, 15.5, "g/dL",
     "P2.5-P97.5 of 266 healthy Dutch children 0.3-17 y (Donker et al., Table 1; boys 10.4-15.5, girls 10.5-15.1)"},
    {"reticulocytes", "reticulocytes", 0.5, 2.5, "%",
     "derived: 25.0-106.8 x10^9/L (Donker et al., Table 1) over ~4.4 x10^12/L red cells"},
    {"platelets", "platelets", 176.0, 452.0, "10^9/L",
     "children, 2.5th-97.5th percentiles of Italian population studies (Biino et al., PLoS One 2013;8:e54289)"},
    {"neutrophils", "ANC", 1.5, 8.0, "10^9/L",
     "after infancy, lower limit 1.5 x10^9/L (Nathan and Oski's Hematology of Infancy and Childhood; secondary, not re-read)"},
    {"ferritin", "ferritin", 15.9, 112.8, "ng/mL",
     "Donker et al., Table 1 (boys 15.9-98.1, girls 16.5-112.8 ug/L)"},
    {"serum_iron", "serum iron", 17.0, 164.0, "ug/dL",
     "Donker et al., Table 1: 3.0-29.3 umol/L (x 5.585 ug/dL per umol/L)"},
    {"transferrin_saturation", "transferrin saturation", 6.6, 45.5, "%",
     "Donker et al., Table 1 (boys 9.5-45.0, girls 6.6-45.5)"},
    {"hepcidin", "hepcidin-25", 1.7, 39.0, "ng/mL",
     "healthy children 0.5-3 y, mass spectrometry: P2.5-P97.5 0.6-13.9 nM x 2.79 ng/mL per nM (Uijterschout et al., Pediatr Res 2014;76:409)"},
    {"thrombopoietin", "thrombopoietin", 7.0, 99.0, "pg/mL",
     "range in 118 healthy volunteers (Makar et al., Am J Hematol 2013;88:1041)"},
    {"gcsf", "G-CSF", 0.0, 141.0, "pg/mL",
     "healthy controls: median 45.6, up to 141 pg/mL (Corbacioglu et al., J Pediatr 2000;137:96)"},
    {"erythropoietin", "erythropoietin", 2.2, 21.0, "mU/mL",
     "adults: 2.21-20.95 mU/mL in 200 blood donors by ELISA (Charuruks et al., J Med Assoc Thai 2000;83:1267); no primary paediatric interval found"},
    {"fibrinogen", "fibrinogen", 142.0, 426.0, "mg/dL",
     "284 +/- 2 x 71 mg/dL (Collen et al., Br J Haematol 1972;22:681); children's levels like adults' (Andrew et al., Blood 1992;80:1998)"},
    {"esr", "ESR (Westergren)", 0.0, 10.0, "mm/h",
     "children up to 10 mm/h (Ramsay and Lerman, Arch Dis Child Educ Pract Ed 2015;100:30; secondary)"},
    {"crp", "CRP", 0.0, 4.4, "mg/L",
     "Donker et al., Table 1 (P97.5 3.7 boys, 4.4 girls; children with CRP > 5 mg/L were excluded)"},
};
const int mas_n_lab_ranges = sizeof mas_lab_ranges / sizeof mas_lab_ranges[0];

/* The resting value of each lab; MAS_EINPUT for a missing variable or a
 * unit that differs from the interval's. */
static int resting_values(const struct mas_model *m, double *value, char *err)
{
    double *y = calloc((size_t)m->n_states, sizeof *y);
    double *obs = calloc((size_t)(m->n_obs ? m->n_obs : 1), sizeof *obs);
    int rc = MAS_OK;
    if (!y || !obs) {
        rc = mas_fail(err, MAS_EIO, "out of memory");
        goto out;
    }
    mas_model_initial(m, y);
    mas_model_observe(m, 0.0, y, obs);
    for (int k = 0; k < mas_n_lab_ranges && rc == MAS_OK; k++) {
        const struct mas_lab_range *l = &mas_lab_ranges[k];
        int is_obs, i = mas_model_find_var(m, l->var, &is_obs);
        const char *unit = i < 0 ? NULL : is_obs ? mas_model_obs(m, i)->unit : mas_model_state(m, i)->unit;
        if (i < 0)
            rc = mas_fail(err, MAS_EINPUT, "lab '%s': '%s' is neither a state nor an observable",
                          l->label, l->var);
        else if (strcmp(unit, l->unit) != 0)
            rc = mas_fail(err, MAS_EINPUT, "lab '%s': '%s' is in %s, its reference interval in %s",
                          l->label, l->var, unit, l->unit);
        else
            value[k] = is_obs ? obs[i] : y[i];
    }
out:
    free(y);
    free(obs);
    return rc;
}

int mas_labs_markdown(FILE *f, int *outside, char *err)
{
    struct mas_model m;
    double value[sizeof mas_lab_ranges / sizeof mas_lab_ranges[0]];
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return rc;
    rc = resting_values(&m, value, err);
    mas_model_free(&m);
    if (rc != MAS_OK)
        return rc;
    int n_out = 0;
    fprintf(f, "| lab | variable | at rest | reference interval | unit | inside | source of the interval |\n");
    fprintf(f, "|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < mas_n_lab_ranges; k++) {
        const struct mas_lab_range *l = &mas_lab_ranges[k];
        int in = value[k] >= l->lo && value[k] <= l->hi;
        n_out += !in;
        fprintf(f, "| %s | `%s` | %.3g | %g-%g | %s | %s | %s |\n", l->label, l->var, value[k],
                l->lo, l->hi, l->unit, in ? "yes" : "**no**", l->source);
    }
    if (outside)
        *outside = n_out;
    return MAS_OK;
}
