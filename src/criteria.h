/*
 * criteria.h — diagnostic and classification criteria for MAS/HLH, as pure
 * functions of one lab panel (issue 8).  No model, no HDF5: the caller
 * fills a `struct mas_panel` (from a simulated patient or from a case
 * report) and asks one criteria set for a verdict.
 *
 * Sets implemented (docs/criteria.md gives every rule, its source and its
 * boundary conventions):
 *   - 2016 EULAR/ACR/PRINTO classification of MAS in sJIA (Ravelli 2016)
 *   - HLH-2004 diagnostic criteria (Henter 2007)
 *   - HScore (Fardet 2014)
 *   - MS score (Minoia 2019)
 *   - ferritin:ESR ratio (Eloseily 2019)
 *
 * Missing values: a lab value is NAN when not measured.  A missing value
 * never meets an item and never adds points; the result's missing_mask
 * says which items could not be evaluated, so a caller can tell "not met"
 * from "not known".
 */
#ifndef MAS_CRITERIA_H
#define MAS_CRITERIA_H

#include "massim.h"

/* Temperature (deg C) at or above which a patient counts as febrile for the
 * 2016 classification and the MS score.  The 2016 criteria say "febrile
 * patient" without a number; 38.0 C is the conventional definition of
 * fever, chosen by this project (docs/criteria.md). */
#define MAS_FEBRILE_C 38.0

/* Triglycerides: mg/dL per mmol/L (1 mmol/L = 88.57 mg/dL, the factor of
 * SI conversion tables, from the molar mass of triolein, 885.7 g/mol). */
#define MAS_TG_MG_DL_PER_MMOL_L 88.57

/* HScore cut-off for a positive result (Fardet 2014: best cut-off 169). */
#define MAS_HSCORE_CUTOFF 169.0

/* MS score cut-off (Minoia 2019): MAS if score >= -2.1. */
#define MAS_MS_SCORE_CUTOFF (-2.1)

/* Ferritin:ESR cut-off (Eloseily 2019): MAS suggested if ratio > 21.5. */
#define MAS_FERRITIN_ESR_CUTOFF 21.5

/* A finding not known (its test not done, or its result not back). */
#define MAS_UNKNOWN (-1)

/* Everything a criteria set reads at one time point, in lab-report units.
 * Numbers: NAN = not measured.  Flags: 0 or 1; the four findings of a
 * test or an examination (spleen_enlarged, liver_enlarged,
 * hemophagocytosis, nk_low) may also be MAS_UNKNOWN: such an item is
 * missing (never met, and marked in missing_mask). */
struct mas_panel {
    double temperature_c;   /* body temperature, deg C */
    double ferritin;        /* ng/mL */
    double platelets;       /* 10^9/L */
    double ast;             /* U/L */
    double triglycerides;   /* mg/dL */
    double fibrinogen;      /* mg/dL */
    double hemoglobin;      /* g/dL */
    double neutrophils;     /* absolute neutrophil count, 10^9/L */
    double wbc;             /* leukocytes, 10^9/L */
    double scd25;           /* soluble CD25 (sIL-2R alpha), U/mL */
    double ldh;             /* U/L */
    double esr;             /* mm/h */
    int spleen_enlarged;
    int liver_enlarged;
    int hemophagocytosis;   /* in marrow, spleen or lymph nodes */
    int nk_low;             /* low or absent NK-cell activity */
    int cns_involvement;
    int hemorrhage;         /* hemorrhagic manifestations */
    int active_arthritis;
    int known_immunosuppression;  /* HIV, or long-term immunosuppressive therapy */
    int molecular_diagnosis;      /* HLH-2004: molecular diagnosis of HLH */
    int fasting;            /* 1: triglycerides were drawn fasting */
    int sjia;               /* 1: known or suspected systemic JIA */
};

enum mas_criteria_set {
    MAS_CRIT_EULAR2016,
    MAS_CRIT_HLH2004,
    MAS_CRIT_HSCORE,
    MAS_CRIT_MS_SCORE,
    MAS_CRIT_FERRITIN_ESR,
    MAS_CRIT_NSETS
};

/* Items, in order; bit i of item_mask / missing_mask is item i. */
enum mas_eular2016_item {
    MAS_EU16_FEVER, MAS_EU16_FERRITIN, MAS_EU16_PLATELETS, MAS_EU16_AST,
    MAS_EU16_TRIGLYCERIDES, MAS_EU16_FIBRINOGEN, MAS_EU16_NITEMS
};
enum mas_hlh2004_item {
    MAS_HLH_FEVER, MAS_HLH_SPLENOMEGALY, MAS_HLH_CYTOPENIAS, MAS_HLH_TG_FIBRINOGEN,
    MAS_HLH_HEMOPHAGOCYTOSIS, MAS_HLH_NK_LOW, MAS_HLH_FERRITIN, MAS_HLH_SCD25,
    MAS_HLH_MOLECULAR,      /* not one of the 8; shown in item_mask, not counted */
    MAS_HLH_NITEMS
};
enum mas_hscore_item {
    MAS_HS_IMMUNOSUPPRESSION, MAS_HS_TEMPERATURE, MAS_HS_ORGANOMEGALY,
    MAS_HS_CYTOPENIAS, MAS_HS_FERRITIN, MAS_HS_TRIGLYCERIDES, MAS_HS_FIBRINOGEN,
    MAS_HS_AST, MAS_HS_HEMOPHAGOCYTOSIS, MAS_HS_NITEMS
};
enum mas_ms_item {
    MAS_MS_CNS, MAS_MS_HEMORRHAGE, MAS_MS_ARTHRITIS, MAS_MS_PLATELETS,
    MAS_MS_LDH, MAS_MS_FIBRINOGEN, MAS_MS_FERRITIN, MAS_MS_NITEMS
};
enum mas_ferritin_esr_item { MAS_FE_RATIO, MAS_FE_NITEMS };

/* The verdict of one criteria set.
 *   met          1 if the set is fulfilled (classified / diagnosed / above cut-off)
 *   items        number of items met (bits of item_mask that count, see docs)
 *   item_mask    bit per item met (HScore: item scored > 0 points;
 *                MS score: term contributed, i.e. flag present or lab measured)
 *   missing_mask bit per item that could not be evaluated (input NAN)
 *   score        HScore points, MS score, ferritin:ESR ratio; NAN for sets
 *                that count items (2016, HLH-2004) */
struct mas_criteria_result {
    int met;
    int items;
    unsigned item_mask;
    unsigned missing_mask;
    double score;
};

/* All numbers NAN, all flags 0. */
void mas_panel_init(struct mas_panel *p);

/* MAS_OK, or MAS_EINPUT with a message naming the first bad field: a number
 * must be NAN or finite and >= 0 (temperature: 25-45 C), a flag 0 or 1. */
int mas_panel_check(const struct mas_panel *p, char err[MAS_ERR_LEN]);

void mas_criteria_eular2016(const struct mas_panel *p, struct mas_criteria_result *r);
void mas_criteria_hlh2004(const struct mas_panel *p, struct mas_criteria_result *r);
void mas_criteria_hscore(const struct mas_panel *p, struct mas_criteria_result *r);
void mas_criteria_ms_score(const struct mas_panel *p, struct mas_criteria_result *r);
void mas_criteria_ferritin_esr(const struct mas_panel *p, struct mas_criteria_result *r);

/* Dispatch by set (a table of function pointers). */
void mas_criteria_eval(enum mas_criteria_set set, const struct mas_panel *p,
                       struct mas_criteria_result *r);

/* ---- one descriptor per criteria set ----------------------------------
 * Everything the rest of massim knows about a set comes from its entry in
 * mas_criteria_sets[] (criteria.c, beside the evaluators): the /criteria
 * columns and their units (output_criteria.c), the summary metrics
 * (criteria_model.c), `massim criteria` (criteria_report.c), the cohort
 * table and ROC curves (cohort.c) and the criteria figure (plot.c).  A new
 * set is an evaluator, its item names, a value of enum mas_criteria_set
 * and one entry in the table. */

/* How a set is summarised at one time (/criteria/NAME, SET_value_at_presentation):
 * COUNT  by the number of items met; its result's score is NAN;
 * SCORE  by its result's score (a number whenever its inputs are measured);
 *        the cohort draws its ROC curve ("met if score >= threshold"). */
enum mas_criteria_kind { MAS_CRIT_COUNT, MAS_CRIT_SCORE };

typedef void mas_criteria_fn(const struct mas_panel *p, struct mas_criteria_result *r);

struct mas_criteria_def {
    const char *name;              /* "hlh2004": /criteria/NAME, the metrics' prefix */
    const char *title;             /* with its source */
    enum mas_criteria_kind kind;
    const char *unit;              /* of the summary value: "items", "points", ... */
    double cutoff;                 /* the summary value at which the set is usually met
                                      (documentation; the evaluator decides `met`) */
    const char *const *items;      /* item names, in bit order */
    int n_items;
    mas_criteria_fn *eval;
    /* The summary metrics (docs/criteria.md), NAME followed by a fixed
     * suffix: filled in by MAS_CRITERIA_NAME below, at compile time. */
    const char *first_day_metric;  /* NAME_first_day */
    const char *met_metric;        /* NAME_met_at_presentation */
    const char *value_metric;      /* NAME_value_at_presentation */
};

/* The name and the metric names derived from it, for an initialiser. */
#define MAS_CRITERIA_NAME(n) \
    .name = n, .first_day_metric = n "_first_day", .met_metric = n "_met_at_presentation", \
    .value_metric = n "_value_at_presentation"

/* Indexed by enum mas_criteria_set. */
extern const struct mas_criteria_def mas_criteria_sets[MAS_CRIT_NSETS];

/* The descriptor of set, or NULL if out of range. */
const struct mas_criteria_def *mas_criteria_def(enum mas_criteria_set set);

/* Names for printing: the set ("hlh2004"), its title, its items. */
const char *mas_criteria_name(enum mas_criteria_set set);
const char *mas_criteria_title(enum mas_criteria_set set);
int mas_criteria_n_items(enum mas_criteria_set set);
const char *mas_criteria_item_name(enum mas_criteria_set set, int item);

#endif
