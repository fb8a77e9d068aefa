/*
 * backgrounds.h — the patient backgrounds a scenario names
 * (patient.background: healthy, sjia, fhl, carrier): what each one sets in
 * the model before the scenario's own values, and what it tells the
 * criteria.  The table is models/backgrounds.c; docs/scenarios.md and
 * docs/model.md ("Patient backgrounds") describe it.
 */
#ifndef MAS_BACKGROUNDS_H
#define MAS_BACKGROUNDS_H

/* In the order the scenario reader lists them; 0 (healthy) is a zeroed
 * scenario's background. */
enum mas_background { MAS_BG_HEALTHY, MAS_BG_SJIA, MAS_BG_FHL, MAS_BG_CARRIER, MAS_BG_N };

/* One parameter a background sets (by name), and where the value comes from. */
struct mas_background_preset {
    const char *param;
    double value;
    const char *source;
};

#define MAS_BG_MAX_PRESETS 4

struct mas_background_def {
    const char *name;        /* as written in scenarios */
    const char *doc;         /* one line */
    struct mas_background_preset presets[MAS_BG_MAX_PRESETS];  /* the first n_presets */
    int n_presets;
    /* For the criteria (criteria_model.c, docs/criteria.md): */
    int sjia;                /* known sJIA: the 2016 classification and MS score apply,
                                and the flare drive stands for active arthritis */
    int molecular_diagnosis; /* default of patient.molecular_diagnosis (HLH-2004) */
};

/* Indexed by enum mas_background. */
extern const struct mas_background_def mas_backgrounds[MAS_BG_N];

/* The background called name, or -1. */
int mas_background_find(const char *name);

/* The descriptor of b, or NULL if out of range. */
const struct mas_background_def *mas_background_def(enum mas_background b);

#endif
