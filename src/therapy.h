/*
 * therapy.h — the dosing language after reading: regimens (one per phase
 * of a `therapies:` entry) and their expansion into a sorted list of doses
 * in mg (in mL for a blood product dosed by volume).  No YAML here: scenario_therapy.c reads the file into regimens;
 * run.c expands them for the patient; schedule.c turns the doses into
 * breakpoint events.  Syntax and rules: docs/scenarios.md, "therapies".
 *
 * Body surface area for mg/m² doses: Mosteller RD, "Simplified calculation
 * of body-surface area", N Engl J Med 1987;317:1098:
 *     BSA [m²] = sqrt(height [cm] × weight [kg] / 3600).
 */
#ifndef MAS_THERAPY_H
#define MAS_THERAPY_H

#include <stddef.h>

#include "model.h"

/* The most doses one scenario may expand to (a guard against `count:
 * 1e9` or `every: 1 s` filling memory; a daily dose for 270 years). */
#define MAS_MAX_DOSES 100000

enum mas_route {
    MAS_ROUTE_IV,            /* "iv": bolus, adds mg to the drug's iv_state */
    MAS_ROUTE_INFUSION,      /* "iv infusion": rate mg/d in infusion_state for `duration` */
    MAS_ROUTE_SC,            /* "sc": adds mg to sc_state (a depot) */
    MAS_ROUTE_ORAL,          /* "oral": adds mg to oral_state (a depot) */
    MAS_ROUTE_PROCEDURE,     /* a procedure (HSCT): procedure_state = 1 */
    MAS_N_ROUTES
};

enum mas_dose_unit {
    MAS_DOSE_MG,             /* a fixed amount (g is converted to mg) */
    MAS_DOSE_MG_PER_KG,      /* times body weight */
    MAS_DOSE_MG_PER_M2,      /* times body surface area (Mosteller) */
    MAS_DOSE_ML,             /* a fixed volume of a blood product (L converted to mL) */
    MAS_DOSE_ML_PER_KG,      /* a volume times body weight */
    MAS_N_DOSE_UNITS
};

/* "mg", "mg/kg", "mg/m2", "mL", "mL/kg", by enum mas_dose_unit. */
extern const char *const mas_dose_unit_names[];

/* The unit a drug's doses come to: "mL" for a blood product dosed by
 * volume, "mg" otherwise. */
const char *mas_drug_amount_unit(const struct mas_drug *d);
/* Is the dose unit one the drug takes (a volume for a product dosed by
 * volume, a mass otherwise)? */
int mas_dose_unit_fits(const struct mas_drug *d, enum mas_dose_unit u);

/* Bounds of a schedule (checked where scenarios are read): an interval
 * between doses and an infusion's duration from 1 min to 100 years, a
 * dose for the patient at most 1e6 mg (or mL). */
#define MAS_MIN_INTERVAL_DAY (1.0 / 1440.0)
#define MAS_MAX_INTERVAL_DAY 36525.0
#define MAS_MAX_DOSE_AMOUNT 1e6

/* One phase of one therapy: a drug, a route, an amount, and when. */
struct mas_regimen {
    const struct mas_drug *drug;   /* from the model's tables (static storage) */
    enum mas_route route;
    double dose;                   /* in dose_unit; 0 for a procedure */
    enum mas_dose_unit dose_unit;
    double max_amount;             /* cap per dose after scaling, mg (mL); INFINITY: none */
    double start_day;              /* first dose */
    double every_day;              /* interval; 0: a single dose */
    long count;                    /* number of doses; 0 when `until` decides */
    double until_day;              /* with every and count 0: doses at start + k every <= until */
    double duration_day;           /* iv infusion only; 0 otherwise */
    int therapy, phase;            /* index in `therapies`, in its `phases` (-1: none) */
    int line, col;                 /* the mapping in the file (1-based) */
    int when;                      /* 0: start_day and until_day are days; k > 0: it
                                      waits for the scenario's condition k - 1 (`when:`),
                                      and they are days from when that held plus its
                                      `after` */
};

/* One administered dose. */
struct mas_dose {
    double day;
    const char *drug;              /* the drug's name: the drug table's pointer (static
                                      storage; one pointer per drug) */
    double amount;                 /* mg, or mL for a product dosed by volume; NaN for a procedure */
    const char *unit;              /* "mg" or "mL" (static storage); NULL for a procedure */
    enum mas_route route;
    double duration_day;           /* iv infusion; 0 otherwise */
    int regimen;                   /* index of the regimen it comes from */
    int when;                      /* 0: a fixed start; k > 0: started by condition k - 1 */
};

/* "iv", "iv infusion", "sc", "oral", "procedure"; NULL-terminated table. */
extern const char *const mas_route_names[];

/* The state a route of a drug doses into, or NULL if the drug lacks it. */
const char *mas_route_state(const struct mas_drug *d, enum mas_route route);
/* Is the drug a procedure (it has a procedure_state)? */
int mas_drug_is_procedure(const struct mas_drug *d);
/* The routes a drug has, as "iv, iv infusion"; returns how many. */
int mas_drug_routes(const struct mas_drug *d, char *buf, size_t size);

double mas_bsa_mosteller(double weight_kg, double height_cm);

/* Parse a dose ("30 mg/kg", "10 mg/m2", "10 mg/m²", "1 g", "150 mg",
 * "10 mL/kg", "250 mL") and a cap in the drug's amount unit ("1000 mg",
 * "1 g" -> mg; "300 mL").  A unit is required.  msg (no location) says what
 * was expected: the mass units (the caller, who knows the drug, says which
 * units a product dosed by volume takes). */
int mas_dose_parse(const char *text, double *value, enum mas_dose_unit *unit, char *msg);
int mas_cap_parse(const struct mas_drug *d, const char *text, double *amount, char *msg);

/* The amount (mg, or mL) of each dose of g for this patient: scaled, then
 * capped. */
double mas_regimen_amount(const struct mas_regimen *g, double weight_kg, double height_cm);
/* How many doses g gives, and the time of the k-th (start + k every). */
size_t mas_regimen_n_doses(const struct mas_regimen *g);
double mas_regimen_time(const struct mas_regimen *g, size_t k);

/* Every dose of regimens g[0..n-1] with a fixed start (when 0) for
 * the patient, sorted by time (ties in regimen order).  *out is malloc'ed
 * (NULL when there is none). */
int mas_therapy_expand(const struct mas_regimen *g, int n, double weight_kg,
                       double height_cm, struct mas_dose **out, size_t *n_out, char *err);
/* The same into *buf, which has room for *cap doses and grows (realloc)
 * only when they do not fit. */
int mas_therapy_expand_into(const struct mas_regimen *g, int n, double weight_kg,
                            double height_cm, struct mas_dose **buf, size_t *cap,
                            size_t *n_out, char *err);
/* The doses of the regimens whose `when` is `when` (k > 0: those waiting
 * for condition k - 1), their days counted from t0 (the time it held plus
 * its after; 0 to check a schedule on its own), into *buf as
 * mas_therapy_expand_into does (which is when 0, t0 0). */
int mas_therapy_expand_when(const struct mas_regimen *g, int n, int when, double t0,
                                 double weight_kg, double height_cm, struct mas_dose **buf,
                                 size_t *cap, size_t *n_out, char *err);

/* Two infusions of one drug that overlap in time (d sorted by time, from
 * mas_therapy_expand: the doses of one drug share its name's pointer in
 * the drug table, which is what is compared): 1 and their indices (*first
 * starts no later than *second), or 0.  Infusions that end exactly when
 * the next starts do not overlap. */
/* Sort doses by (day, regimen), the order of mas_therapy_expand. */
void mas_dose_sort(struct mas_dose *d, size_t n);

int mas_therapy_find_overlap(const struct mas_dose *d, size_t n, size_t *first,
                             size_t *second);

#endif
