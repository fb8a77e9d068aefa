"""Independent reference implementation of the massim model, written from
docs/model.md (sections 1-12, with 3.1, and 14) only, without reading the C code.

    import model
    p = {...}                              # parameter name -> value
    y0 = model.rest_state(p)               # numpy vector, order STATES
    dy = model.rhs(t, y0, p)               # right-hand side (also works on
                                           # y of shape (n, k): vectorised)
    obs = model.observables(y, p)          # dict name -> value (or array)

The state vector is ordered as STATES; the names are those of
`massim states`.  Every function below takes the parameters as a dict and
works elementwise, so that y may be a matrix whose columns are states at
several times (used for the finite-difference Jacobian and for observables
along a trajectory).
"""

import math

import numpy as np

STATES = [
    # immune (section 2)
    "pathogen", "flare_drive", "apc", "mac_activation", "ctl_nk",
    "cytotoxic_suppression",
    # cytokines (section 3)
    "il12", "il18", "ifng", "cxcl9", "cxcl10", "il1", "il6", "tnf", "scd25",
    # coagulation (section 4)
    "fibrinogen", "d_dimer", "platelets",
    # iron (section 5)
    "hemoglobin", "macrophage_heme", "labile_iron", "storage_iron",
    "ferroportin", "hepcidin", "macrophage_ferritin", "ferritin",
    # esr (section 6)
    "crp",
    # hematology (section 7)
    "neutrophils",
    # liver (section 8)
    "liver_injury", "alt", "ast", "ldh", "triglycerides",
    # outcome (section 14): organ dysfunction and the cumulative death hazard
    "organ_dysfunction", "cumulative_hazard",
    # emapalumab (section 12.1)
    "emapalumab_central", "emapalumab_peripheral", "emapalumab_infusion",
    "ifng_bound",
    # glucocorticoids (section 12.2)
    "methylprednisolone_depot", "methylprednisolone",
    "methylprednisolone_infusion", "dexamethasone_depot", "dexamethasone",
    "dexamethasone_infusion", "glucocorticoid_effect_site",
    "glucocorticoid_effect",
    # signalling (section 3.1): what cells sense of IL-1, IL-6, IFN-gamma
    "il1_signal", "il6_signal", "ifng_signal",
]
# One-compartment drugs (sections 12.3-12.7): drug -> its effect state.
ONE_COMPARTMENT = {
    "anakinra": "il1_blockade",
    "tocilizumab": "il6_blockade",
    "ruxolitinib": "jak_blockade",
    "cyclosporine": "calcineurin_blockade",
    "etoposide": "etoposide_kill",
}
for _drug, _effect in ONE_COMPARTMENT.items():
    STATES += [_drug + "_depot", _drug, _drug + "_infusion", _effect]
# HSCT (section 12.8)
STATES += ["hsct_given", "graft_expansion", "donor_chimerism"]

# Signals (section 3.1): state -> the serum state it follows; at rest equal.
SIGNALS = {"il1_signal": "il1", "il6_signal": "il6", "ifng_signal": "ifng"}
# The drug (and procedure) states of section 12: all 0 at rest and, without
# doses, exactly 0 throughout.
DRUG_STATES = [n for n in STATES[STATES.index("emapalumab_central"):]
               if n not in SIGNALS]
IDX = {name: i for i, name in enumerate(STATES)}

OBSERVABLES = [
    "cytotoxic_function_effective", "nk_activity", "fibrinogen_production",
    "fibrinogen_consumption", "tissue_factor", "erythrophagocytosis",
    "heme_iron_flux", "hematocrit", "rouleau_size", "esr", "wbc",
    "temperature", "spleen_size", "hemophagocytosis_index",
    "emapalumab_concentration", "emapalumab_clearance",
    "death_hazard", "survival",
] + [d + "_concentration" for d in ONE_COMPARTMENT]

# States whose resting value is a parameter "<state>_baseline" (section 1:
# "Resting levels are parameters ...; the initial state follows them").
BASELINE_STATES = [
    "il12", "il18", "ifng", "cxcl9", "cxcl10", "il1", "il6", "tnf", "scd25",
    "fibrinogen", "d_dimer", "platelets", "hemoglobin", "labile_iron",
    "storage_iron", "hepcidin", "macrophage_ferritin", "ferritin", "crp",
    "neutrophils", "alt", "ast", "ldh", "triglycerides",
]

def oc_param(drug, what):
    """The seven parameters of a one-compartment drug (section 12.3-12.7):
    X_ic50 / X_emax, except etoposide_ec50 / etoposide_kill_max."""
    if drug == "etoposide" and what == "ic50":
        return "etoposide_ec50"
    if drug == "etoposide" and what == "emax":
        return "etoposide_kill_max"
    return drug + "_" + what


STANDARD_GRAVITY = 9.80665          # m/s^2
LN2 = math.log(2.0)


# ---------------------------------------------------------------- section 1

def h1(x, K):
    """Saturating response x / (x + K)."""
    return x / (x + K)


def h2(x, K):
    """Cooperative response x^2 / (x^2 + K^2)."""
    return x * x / (x * x + K * K)


def dh1(x, x0, K):
    """h1 above the resting level x0, never below 0 (section 1:
    Delta-h = max(0, h(x) - h(x0)); 0 when a drug pushes x under rest)."""
    d = h1(x, K) - h1(x0, K)
    return d * (d > 0)             # max(0, d) for floats and arrays alike


def dh2(x, x0, K):
    """h2 above the resting level x0, never below 0 (section 1)."""
    d = h2(x, K) - h2(x0, K)
    return d * (d > 0)


def k_d(half_life_d):
    """First-order rate (1/day) from a half-life in days."""
    return LN2 / half_life_d


def k_h(half_life_h):
    """First-order rate (1/day) from a half-life in hours."""
    return LN2 / half_life_h * 24.0


# ---------------------------------------------------------------- rest state

def iron_constants(p):
    """The derived constants of section 5: J_heme,0, k_ex, k_rel, k_sec, H0."""
    k_rbc = 1.0 / p["rbc_lifespan_d"]
    j0 = p["iron_per_hb"] * p["blood_volume"] * k_rbc * p["hemoglobin_baseline"]
    L0 = p["labile_iron_baseline"]
    St0 = p["storage_iron_baseline"]
    Ft0 = p["macrophage_ferritin_baseline"]
    k_ex = j0 / L0
    k_rel = p["iron_storage_per_d"] * L0 / St0
    k_sec = k_h(p["ferritin_half_life_h"]) * p["ferritin_baseline"] * p["plasma_volume"] / Ft0
    H0 = p["ho1_km"] * j0 / (p["ho1_vmax"] - j0)
    return {"k_rbc": k_rbc, "j0": j0, "k_ex": k_ex, "k_rel": k_rel,
            "k_sec": k_sec, "H0": H0}


def rest_state(p):
    """The resting state: immune states 0, baselines from the parameters,
    ferroportin 1, liver injury 0, the derived resting heme H0, and every
    drug state of section 12 at 0."""
    y = np.zeros(len(STATES))
    for name in BASELINE_STATES:
        y[IDX[name]] = p[name + "_baseline"]
    y[IDX["ferroportin"]] = 1.0
    y[IDX["macrophage_heme"]] = iron_constants(p)["H0"]
    for sig, serum in SIGNALS.items():
        y[IDX[sig]] = p[serum + "_baseline"]
    return y


# ---------------------------------------------------------------- helpers

def _unpack(y):
    # a single state vector as Python floats (much faster than numpy
    # scalars); a matrix as rows
    y = np.asarray(y, float)
    if y.ndim == 1 or y.shape[1] == 1:
        return dict(zip(STATES, y.reshape(-1).tolist()))
    return {name: y[i] for i, name in enumerate(STATES)}


def kappa(s, p):
    """Effective cytotoxic function (section 2)."""
    cf = p["cytotoxic_function"]
    cap = cf + (1.0 - cf) * s["donor_chimerism"]          # section 12.8
    return cap * (1.0 - s["cytotoxic_suppression"])


def tissue_factor(s, p):
    """TF of section 4 (IL-1 signal, serum TNF)."""
    return ((dh1(s["tnf"], p["tnf_baseline"], p["tf_tnf_ec50"])
             + dh1(s["il1_signal"], p["il1_baseline"], p["tf_il1_ec50"]))
            * (p["tf_endothelial"] + s["mac_activation"]))


def fibrinogen_rates(s, p):
    """P, C and TF of section 4."""
    kF = k_d(p["fibrinogen_half_life_d"])
    F = s["fibrinogen"]
    TF = tissue_factor(s, p)
    P = kF * p["fibrinogen_baseline"] * (
        1.0 + p["fibrinogen_il6_gain"] * dh1(s["il6_signal"], p["il6_baseline"], p["fibrinogen_il6_ec50"]))
    C = kF * F + p["tf_consumption_per_d"] * TF * F
    return P, C, TF


def heme_flux(s, p, ic):
    """J_heme of section 5."""
    return (p["iron_per_hb"] * p["blood_volume"]
            * (ic["k_rbc"] + p["erythrophagocytosis_per_d"] * s["mac_activation"])
            * s["hemoglobin"])


def emapalumab_pk(s, p):
    """Section 12.1: V1, V2, CL, Q, the target-mediated factor f, the
    concentration C (mg/L = ug/mL) and C in nM."""
    w = p["body_weight_kg"] / 70.0
    V1 = p["emapalumab_v1_70kg"] * w
    V2 = p["emapalumab_v2_70kg"] * w
    CL = p["emapalumab_cl_70kg"] * w ** 0.75
    Q = p["emapalumab_q_70kg"] * w ** 0.75
    T = s["ifng"] + s["ifng_bound"]
    r = T / p["emapalumab_tmdd_ifng"]
    f = (1.0 + r * r) ** 0.5
    C = s["emapalumab_central"] / V1
    C_nM = C * 1e6 / (p["emapalumab_mw_kda"] * 1e3)
    return {"V1": V1, "V2": V2, "CL": CL, "Q": Q, "f": f, "C": C, "C_nM": C_nM}


def organ_target(s, p):
    """D of section 14: the mean of the weighted hepatic, circulatory and
    hemorrhagic injury."""
    K = p["organ_fibrinogen_k"]
    bleed = K / (s["fibrinogen"] + K) - K / (p["fibrinogen_baseline"] + K)
    return (p["organ_weight_liver"] * s["liver_injury"]
            + p["organ_weight_circulation"] * dh1(s["tnf"], p["tnf_baseline"], p["organ_tnf_ec50"])
            + p["organ_weight_hemorrhage"] * bleed * (bleed > 0)) / 3.0


def death_hazard(O, p):
    """h of section 14: h_max * h2(O; K_h)."""
    return p["death_hazard_max"] * h2(O, p["death_hazard_organ_k"])


# ---------------------------------------------------------------- rhs

def rhs(t, y, p):
    """dy/dt for the state vector y (order STATES); y may be (n,) or (n, k)."""
    s = _unpack(y)
    d = {}
    ic = iron_constants(p)

    V, D, A = s["pathogen"], s["flare_drive"], s["apc"]
    M, E, S = s["mac_activation"], s["ctl_nk"], s["cytotoxic_suppression"]
    IL12, IL18, IFNG = s["il12"], s["il18"], s["ifng"]
    CXCL9, CXCL10 = s["cxcl9"], s["cxcl10"]
    IL1, IL6, TNF = s["il1"], s["il6"], s["tnf"]
    # section 3.1: every effect of IL-1, IL-6, IFN-gamma on another quantity
    # uses the signal; Delta-h resting levels stay the serum baselines
    IL1s, IL6s, IFNGs = s["il1_signal"], s["il6_signal"], s["ifng_signal"]
    IL6_0, IL1_0, TNF_0 = p["il6_baseline"], p["il1_baseline"], p["tnf_baseline"]
    IFNG_0, IL18_0 = p["ifng_baseline"], p["il18_baseline"]

    # -- section 2: immune
    kap = kappa(s, p)
    d["cytotoxic_suppression"] = k_d(p["suppression_half_life_d"]) * (
        p["suppression_max"] * dh1(IL6s, IL6_0, p["suppression_il6_ec50"]) - S)
    d["pathogen"] = (p["pathogen_growth_per_d"] * V * h1(V, p["pathogen_allee"])
                     * (1.0 - V / p["pathogen_capacity"])
                     - p["pathogen_kill_per_d"] * kap * E * V
                     - p["pathogen_innate_clearance_per_d"] * V)
    d["flare_drive"] = 0.0 * D
    act = (p["apc_activation_pathogen_per_d"] * h1(V, p["apc_pathogen_ec50"])
           + p["apc_activation_flare_per_d"] * D
           + p["apc_activation_ifng_per_d"] * dh2(IFNGs, IFNG_0, p["apc_ifng_ec50"]))
    d["apc"] = act * (1.0 - A) - (p["apc_death_per_d"] + p["apc_kill_per_d"] * kap * E) * A
    d["mac_activation"] = (p["mac_activation_per_d"] * dh2(IFNGs, IFNG_0, p["mac_ifng_ec50"])
                           * (1.0 - M) - p["mac_deactivation_per_d"] * M)
    help_ = ((1.0 + p["ctl_il12_gain"] * h1(IL12, p["ctl_il12_ec50"])
              + p["ctl_il18_gain"] * h1(IL18, p["ctl_il18_ec50"]))
             * (1.0 + p["ctl_cxcl9_gain"] * h1(CXCL9 + CXCL10, p["ctl_cxcl9_ec50"])))
    G = s["glucocorticoid_effect"]                 # section 12.2
    bC = s["calcineurin_blockade"]                 # section 12.6
    k_etop = s["etoposide_kill"]                   # section 12.7
    d["ctl_nk"] = ((1.0 - G) * (1.0 - bC) * p["ctl_expansion_per_d"] * h2(A, p["ctl_apc_ec50"])
                   * help_ * (E + p["ctl_precursor"]) * (1.0 - E)
                   - (p["ctl_contraction_per_d"] + k_etop) * E)

    # -- section 3: cytokines, dX/dt = k(X_half_life_h) (target - X)
    # For IL-12, IL-18, IFN-gamma, IL-1, IL-6, TNF the production above
    # rest is multiplied by (1 - G) (section 3, section 12.2).
    g = 1.0 - G
    targets = {
        "il12": p["il12_baseline"] + g * p["il12_production"] * (A + M),
        "il18": IL18_0 + g * (p["il18_production"] * (A + M) + p["il18_flare"] * D),
        "ifng": (IFNG_0
                 + g * ((1.0 - bC) * p["ifng_production"] * E
                        * (1.0 + p["ifng_il18_gain"] * h1(IL18, p["ifng_il18_ec50"]))
                        + p["nk_ifng_production"] * dh1(IL18, IL18_0, p["nk_il18_ec50"])
                        * (1.0 + h1(IL12, p["nk_il12_ec50"])))),
        "cxcl9": p["cxcl9_baseline"] + p["cxcl9_production"] * M,
        "cxcl10": p["cxcl10_baseline"] + p["cxcl10_production"] * M,
        "il1": IL1_0 + g * (p["il1_production"] * (A + M) + p["il1_flare"] * D),
        "il6": IL6_0 + g * (p["il6_from_macrophages"] * M
                            + p["il6_from_il1"] * dh1(IL1s, IL1_0, p["il6_il1_ec50"])),
        "tnf": TNF_0 + g * (p["tnf_from_macrophages"] * M + p["tnf_from_ctl"] * E),
        "scd25": p["scd25_baseline"] + p["scd25_production"] * E,
    }
    for name, target in targets.items():
        d[name] = k_h(p[name + "_half_life_h"]) * (target - s[name])

    # -- section 12.1: emapalumab; binding removes free IFN-gamma
    pk = emapalumab_pk(s, p)
    A1, A2 = s["emapalumab_central"], s["emapalumab_peripheral"]
    k_el = pk["CL"] * pk["f"] / pk["V1"]
    bind = p["emapalumab_kon"] * pk["C_nM"] * IFNG
    d["emapalumab_central"] = (s["emapalumab_infusion"] - k_el * A1
                               - pk["Q"] / pk["V1"] * A1 + pk["Q"] / pk["V2"] * A2)
    d["emapalumab_peripheral"] = pk["Q"] / pk["V1"] * A1 - pk["Q"] / pk["V2"] * A2
    d["emapalumab_infusion"] = 0.0 * A1
    d["ifng_bound"] = bind - k_el * s["ifng_bound"]
    d["ifng"] = d["ifng"] - bind

    # -- section 12.2: glucocorticoids
    W = p["body_weight_kg"]
    k_a = p["glucocorticoid_oral_ka"]
    F_oral = p["glucocorticoid_oral_bioavailability"]
    for drug in ("methylprednisolone", "dexamethasone"):
        depot = s[drug + "_depot"]
        d[drug + "_depot"] = -k_a * depot
        d[drug] = (F_oral * k_a * depot + s[drug + "_infusion"]
                   - k_h(p[drug + "_half_life_h"]) * s[drug])
        d[drug + "_infusion"] = 0.0 * depot
    C_eq = (s["methylprednisolone"] / (p["methylprednisolone_volume"] * W)
            + p["dexamethasone_potency"] * s["dexamethasone"] / (p["dexamethasone_volume"] * W))
    k_e0 = k_h(p["glucocorticoid_effect_half_life_h"])
    Ce = s["glucocorticoid_effect_site"]
    d["glucocorticoid_effect_site"] = k_e0 * (C_eq - Ce)
    d["glucocorticoid_effect"] = k_e0 * (p["glucocorticoid_emax"] * h1(Ce, p["glucocorticoid_ec50"]) - G)

    # -- sections 12.3-12.7: one-compartment drugs and their effect states
    for drug, effect in ONE_COMPARTMENT.items():
        depot = s[drug + "_depot"]
        k_a_x = p[oc_param(drug, "ka")]
        d[drug + "_depot"] = -k_a_x * depot
        d[drug] = (p[oc_param(drug, "bioavailability")] * k_a_x * depot
                   + s[drug + "_infusion"] - k_h(p[oc_param(drug, "half_life_h")]) * s[drug])
        d[drug + "_infusion"] = 0.0 * depot
        C_x = s[drug] / (p[oc_param(drug, "volume")] * W)
        d[effect] = k_h(p[oc_param(drug, "effect_half_life_h")]) * (
            p[oc_param(drug, "emax")] * h1(C_x, p[oc_param(drug, "ic50")]) - s[effect])

    # -- section 3.1: signals
    k_s = k_h(p["signal_half_life_h"])
    b1, b6, bJ = s["il1_blockade"], s["il6_blockade"], s["jak_blockade"]
    d["il1_signal"] = k_s * (IL1 * (1.0 - b1) - IL1s)
    d["il6_signal"] = k_s * (IL6 * (1.0 - b6) * (1.0 - bJ) - IL6s)
    d["ifng_signal"] = k_s * (IFNG * (1.0 - bJ) - IFNGs)

    # -- section 12.8: HSCT
    k_g = 2.0 / p["hsct_engraftment_days"]
    d["hsct_given"] = 0.0 * s["hsct_given"]
    d["graft_expansion"] = k_g * (s["hsct_given"] - s["graft_expansion"])
    d["donor_chimerism"] = k_g * (s["graft_expansion"] - s["donor_chimerism"])

    # -- section 4: coagulation
    F = s["fibrinogen"]
    P, C, TF = fibrinogen_rates(s, p)
    d["fibrinogen"] = P - C
    b = p["fibrinogen_basal_coagulation"]
    k_dd = k_h(p["d_dimer_half_life_h"])
    y_D = p["d_dimer_baseline"] * k_dd / (b * p["fibrinogen_baseline"])
    d["d_dimer"] = (y_D * (b * F + p["tf_consumption_per_d"] * TF * F)
                    - k_dd * s["d_dimer"])
    tpo = 1.0 + p["thrombopoietin_il6_gain"] * dh1(IL6s, IL6_0, p["thrombopoietin_il6_ec50"])
    sup_p = 1.0 - p["platelet_ifng_suppression"] * dh1(IFNGs, IFNG_0, p["platelet_ifng_ec50"])
    PLT = s["platelets"]
    d["platelets"] = ((p["platelets_baseline"] * tpo * sup_p - PLT) / p["platelet_lifespan_d"]
                      - (p["platelet_hemophagocytosis_per_d"] * M
                         + p["platelet_consumption_per_d"] * TF) * PLT)

    # -- section 5: iron
    Hb, H, L = s["hemoglobin"], s["macrophage_heme"], s["labile_iron"]
    St, Fpn, Hep = s["storage_iron"], s["ferroportin"], s["hepcidin"]
    Ft, Fer = s["macrophage_ferritin"], s["ferritin"]
    e = p["erythrophagocytosis_per_d"]
    epo = 1.0 - p["erythropoiesis_ifng_suppression"] * dh1(IFNGs, IFNG_0, p["erythropoiesis_ifng_ec50"])
    d["hemoglobin"] = ic["k_rbc"] * (p["hemoglobin_baseline"] * epo - Hb) - e * M * Hb
    J = heme_flux(s, p, ic)
    ho1 = p["ho1_vmax"] * h1(H, p["ho1_km"])
    d["macrophage_heme"] = J - ho1
    sto = p["iron_storage_per_d"]
    d["labile_iron"] = ho1 - ic["k_ex"] * Fpn * L - sto * L + ic["k_rel"] * St
    d["storage_iron"] = sto * L - ic["k_rel"] * St
    Hep0, Kh = p["hepcidin_baseline"], p["hepcidin_ferroportin_k"]
    d["ferroportin"] = p["ferroportin_turnover_per_d"] * ((1.0 + Hep0 / Kh) - (1.0 + Hep / Kh) * Fpn)
    d["hepcidin"] = k_h(p["hepcidin_half_life_h"]) * (
        Hep0 * (1.0 + p["hepcidin_il6_gain"] * dh1(IL6s, IL6_0, p["hepcidin_il6_ec50"])) - Hep)
    T = 1.0 + 0.5 * p["ferritin_transcription_gain"] * (
        dh1(TNF, TNF_0, p["ferritin_tnf_ec50"]) + dh1(IL1s, IL1_0, p["ferritin_il1_ec50"]))
    k_deg = k_d(p["macrophage_ferritin_half_life_d"])
    k_sec = ic["k_sec"]
    K_ire = p["ferritin_ire_k"]
    syn = ((k_deg + k_sec) * p["macrophage_ferritin_baseline"]
           * (h2(L, K_ire) / h2(p["labile_iron_baseline"], K_ire))
           * T * (1.0 + p["ferritin_macrophage_gain"] * M))
    release = (k_sec + p["ferritin_leak_per_d"] * M) * Ft
    d["macrophage_ferritin"] = syn - k_deg * Ft - release
    d["ferritin"] = (release / p["plasma_volume"]
                     + p["ferritin_hepatocyte_release"] * s["liver_injury"]
                     - k_h(p["ferritin_half_life_h"]) * Fer)

    # -- section 6: CRP
    d["crp"] = k_h(p["crp_half_life_h"]) * (
        p["crp_baseline"] + p["crp_max"] * dh1(IL6s, IL6_0, p["crp_il6_ec50"]) - s["crp"])

    # -- section 7: neutrophils
    G_N = 1.0 + 0.5 * p["granulopoiesis_gain"] * (
        dh1(IL1s, IL1_0, p["granulopoiesis_il1_ec50"]) + dh1(IL6s, IL6_0, p["granulopoiesis_il6_ec50"]))
    sup_n = 1.0 - p["neutrophil_ifng_suppression"] * dh1(IFNGs, IFNG_0, p["neutrophil_ifng_ec50"])
    ANC = s["neutrophils"]
    d["neutrophils"] = (k_h(p["neutrophil_half_life_h"]) * (p["neutrophils_baseline"] * G_N * sup_n - ANC)
                        - p["neutrophil_hemophagocytosis_per_d"] * M * ANC)

    # -- section 8: liver
    IL = s["liver_injury"]
    d["liver_injury"] = k_h(p["liver_injury_half_life_h"]) * (
        p["liver_injury_tnf"] * dh1(TNF, TNF_0, p["liver_injury_tnf_ec50"])
        + p["liver_injury_macrophages"] * M - IL)
    d["alt"] = k_h(p["alt_half_life_h"]) * (p["alt_baseline"] + p["alt_release"] * IL - s["alt"])
    d["ast"] = k_h(p["ast_half_life_h"]) * (
        p["ast_baseline"] + p["ast_release_liver"] * IL
        + p["ast_release_extrahepatic"] * M - s["ast"])
    d["ldh"] = k_h(p["ldh_half_life_h"]) * (
        p["ldh_baseline"] + p["ldh_release_liver"] * IL + p["ldh_release_tissue"] * M - s["ldh"])
    lpl = 1.0 + p["lpl_tnf_inhibition"] * dh1(TNF, TNF_0, p["lpl_tnf_ec50"])
    d["triglycerides"] = k_h(p["triglyceride_half_life_h"]) * (
        p["triglycerides_baseline"] - s["triglycerides"] / lpl)

    # -- section 14: organ dysfunction and the death hazard
    O = s["organ_dysfunction"]
    d["organ_dysfunction"] = k_d(p["organ_dysfunction_half_life_d"]) * (organ_target(s, p) - O)
    d["cumulative_hazard"] = death_hazard(O, p)

    y = np.asarray(y)
    if y.ndim == 1 or y.shape[1] == 1:
        return np.array([d[name] for name in STATES], float).reshape(y.shape)
    return np.array([d[name] + 0.0 * y[0] for name in STATES])


# ---------------------------------------------------------------- observables

def observables(y, p):
    """Observables (sections 2, 4, 5, 6, 7, 9, 12.1, 14) of the state y (order STATES);
    y may be (n,) or (n, k).  Returns a dict name -> value or array."""
    s = _unpack(y)
    ic = iron_constants(p)
    o = {}
    kap = kappa(s, p)
    o["cytotoxic_function_effective"] = kap
    o["nk_activity"] = 100.0 * kap
    P, C, TF = fibrinogen_rates(s, p)
    o["fibrinogen_production"] = P
    o["fibrinogen_consumption"] = C
    o["tissue_factor"] = TF
    M = s["mac_activation"]
    o["erythrophagocytosis"] = p["erythrophagocytosis_per_d"] * M * s["hemoglobin"]
    o["heme_iron_flux"] = heme_flux(s, p, ic)

    # section 6: ESR by Stokes' law with hindered settling
    phi = s["hemoglobin"] * p["hematocrit_per_hemoglobin"] / 100.0
    o["hematocrit"] = 100.0 * phi
    N = 1.0 + (s["fibrinogen"] / p["rouleau_fibrinogen_scale"]) ** p["rouleau_fibrinogen_exponent"]
    o["rouleau_size"] = N
    mcv_m3 = p["rbc_volume_fl"] * 1e-18
    r_cell = (3.0 * mcv_m3 / (4.0 * math.pi)) ** (1.0 / 3.0)
    r = r_cell * N ** (1.0 / 3.0)
    v = (2.0 / 9.0) * (p["rbc_density"] - p["plasma_density"]) * STANDARD_GRAVITY * r * r / p["plasma_viscosity"]
    o["esr"] = v * (1.0 - phi) ** p["hindered_settling_exponent"] * 1000.0 * 3600.0

    # section 7
    o["wbc"] = s["neutrophils"] + p["other_leukocytes"]

    # section 9
    pyrogen = np.maximum(0.0,
                         dh1(s["il1_signal"], p["il1_baseline"], p["fever_il1_ec50"])
                         + dh1(s["il6_signal"], p["il6_baseline"], p["fever_il6_ec50"])
                         + dh1(s["tnf"], p["tnf_baseline"], p["fever_tnf_ec50"]))
    o["temperature"] = p["temperature_rest"] + p["fever_max"] * h1(pyrogen, p["fever_half_max"])
    o["spleen_size"] = 1.0 + p["spleen_gain"] * (
        s["apc"] + M + s["ctl_nk"] + p["spleen_flare_weight"] * s["flare_drive"]) / 3.0
    o["hemophagocytosis_index"] = M + 0.0 * kap

    # section 12.1
    pk = emapalumab_pk(s, p)
    o["emapalumab_concentration"] = pk["C"]
    o["emapalumab_clearance"] = pk["CL"] * pk["f"]
    # section 14
    o["death_hazard"] = death_hazard(s["organ_dysfunction"], p)
    o["survival"] = np.exp(-np.asarray(s["cumulative_hazard"], float))
    # sections 12.3-12.7
    for drug in ONE_COMPARTMENT:
        o[drug + "_concentration"] = s[drug] / (p[oc_param(drug, "volume")] * p["body_weight_kg"])
    return o
