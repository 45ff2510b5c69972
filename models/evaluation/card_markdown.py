"""Rendering the evaluation as the model card ``models/README.md``."""
from __future__ import annotations

from pathlib import Path

from models.editing.field import R_EDIT

INTRO = """# Model card: semsim's default models

Small models trained by the project on its synthetic face world (no pretrained weights can be
downloaded here). Every number below was measured by `semsim eval models --json card.json` on
held-out identities (the world's test split) and held-out instruction templates; every weight file
is reproduced by `semsim train <name> --seed 0`. Wall times are this project's 2-core CPU machine.
LPIPS is unavailable (its backbone weights cannot be fetched); wherever the paper uses it, a named
substitute is used: in the GAN inversion `1 − MS-SSIM` plus a distance in the conv features of Φ, a
network of P's architecture trained with another seed (`ms-ssim + 1·features`,
models/editing/perceptual_net.py); in the adapters' fine-tuning `1 − MS-SSIM`. F is an identity
network trained on the world's identities as a stand-in for ArcFace.
"""


def _pct(value) -> str:
    return "n/a" if value is None or value != value else f"{100 * value:.1f} %"  # NaN: no such requests


def _section(card: dict, name: str) -> dict:
    return card.get(name) or {}


def _inversion_table(inversion: dict) -> list[str]:
    """Per-attribute agreement with the true degrees, one row per perceptual term measured."""
    rows = [inversion] + ([inversion["without_features"]] if "without_features" in inversion else [])
    names = list(inversion["agreement_per_attribute"])
    lines = ["| perceptual term | PSNR | SSIM | s / image | agreement (95 % interval) | " + " | ".join(names) + " |",
             "|---|---|---|---|---|" + "---|" * len(names)]
    for row in rows:
        low, high = row["attribute_agreement_ci95"]
        lines.append(f"| {row['perceptual_term']} | {row['psnr_db']:.2f} dB | {row['ssim']:.3f} | "
                     f"{row['seconds_per_image']:.2f} | {_pct(row['attribute_agreement'])} ({_pct(low)}–{_pct(high)}) | "
                     + " | ".join(_pct(row["agreement_per_attribute"][a]) for a in names) + " |")
    return lines


def render(card: dict) -> str:
    lines = [INTRO]
    predictor = _section(card, "predictor")
    if "accuracy" in predictor:
        lines += ["## Attribute predictor P", "", f"Exact-degree accuracy on {predictor['faces']} test faces:", "",
                  "| " + " | ".join(predictor["accuracy"]) + " | mean | mean, degraded inputs |",
                  "|" + "---|" * (len(predictor["accuracy"]) + 2),
                  "| " + " | ".join(_pct(v) for v in predictor["accuracy"].values())
                  + f" | {_pct(predictor['mean'])} | {_pct(predictor['mean_degraded_inputs'])} |", ""]
    text = _section(card, "text_encoder")
    if "test" in text:
        lines += ["## Text encoder SE_T", "",
                  "Words plus hashed character 3–5-grams into a bidirectional LSTM; a word outside the training "
                  "vocabulary is `<UNK>` but keeps its n-grams. `test`: held-out sentence frames whose words all "
                  "occur somewhere in the training text; `unseen`: a probe whose direction word (\"merrier\", "
                  "\"wrinklier\") no training text contains.", "",
                  "| templates | exact (attribute, direction, change) | text only | attribute "
                  "| requests with only known words | exact on those |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {split} | {_pct(v['exact'])} | {_pct(v['exact_text_only'])} | {_pct(v['attribute'])} "
                  f"| {_pct(v.get('known_words_share'))} | {_pct(v.get('exact_known_words'))} |"
                  for split, v in text.items() if isinstance(v, dict)]
        lines.append("")
    identity = _section(card, "identity")
    if "verification_accuracy" in identity:
        lines += ["## Identity network F (ArcFace stand-in)", "",
                  f"Cosine distance same identity {identity['cosine_distance_same']}, different identities "
                  f"{identity['cosine_distance_different']}; verification accuracy {_pct(identity['verification_accuracy'])} "
                  f"at threshold {identity['threshold']}.", ""]
    jscc = _section(card, "deepjscc")
    if "psnr_db_model_x_channel" in jscc:
        snrs = list(next(iter(jscc["psnr_db_model_x_channel"].values())))
        lines += ["## DeepJSCC", "", f"CBR {jscc['cbr']:.4f}. Test PSNR (dB) of each model (rows: training SNR) at each channel SNR:", "",
                  "| model \\ channel | " + " | ".join(f"{s} dB" for s in snrs) + " |", "|---|" + "---|" * len(snrs)]
        lines += [f"| {m} dB | " + " | ".join(f"{v:.2f}" for v in row.values()) + " |"
                  for m, row in jscc["psnr_db_model_x_channel"].items()]
        lines.append("")
    inversion = _section(card, "inversion")
    if "psnr_db" in inversion:
        low, high = inversion["attribute_agreement_ci95"]
        per = inversion["agreement_per_attribute"]
        lines += ["## GAN inversion SE_I", "",
                  f"{inversion['faces']} held-out test faces, init {inversion['init']}, perceptual term "
                  f"{inversion['perceptual_term']}, batches of {inversion['batch']}: PSNR {inversion['psnr_db']:.2f} dB, "
                  f"SSIM {inversion['ssim']:.3f}, {inversion['iterations_mean']:.0f} iterations on average, "
                  f"{inversion['seconds_per_image']:.2f} s per image. Attributes P reads on the inverted face as the "
                  f"world's true degrees: {_pct(inversion['attribute_agreement'])} (95 % bootstrap interval over "
                  f"faces {_pct(low)}–{_pct(high)}); as P reads the original: "
                  f"{_pct(inversion['agreement_with_p_on_original'])} (P reads the originals right on "
                  f"{_pct(inversion['p_on_original_correct'])}).", "",
                  *_inversion_table(inversion), ""]
    editing = _section(card, "editable_deepsc")
    if "conditions" in editing:
        inv = editing["inversion"]
        lines += ["## Editable-DeepSC (GAN inversion, JECC with IAM, adapters)", "",
                  f"{editing['faces']} held-out faces, one held-out-template instruction each. Inversion "
                  f"(init: {inv['init']}, perceptual term {editing['perceptual_term']}): PSNR {inv['psnr_db']:.2f} dB, "
                  f"SSIM {inv['ssim']:.3f}, attributes agreeing with the originals {_pct(inv['attribute_agreement'])}, "
                  f"{inv['iterations_mean']:.0f} iterations on average, {inv['seconds_per_image']:.2f} s per image "
                  f"(all {editing['faces']} in one batch). "
                  f"The text encoder read the right attribute for {_pct(editing['text_plan_correct'])}.", "",
                  f"{_draws(editing)} "
                  "Others preserved: the four other attributes as P read them on the original; in brackets, as P "
                  "read them on the inverted face before the edit (what the edit and the channel changed).", "",
                  f"Editing: `IAM` is the paper's JECC (M stepped until P reads the target, at most {R_EDIT} steps; "
                  "`IAM, 30 steps` allows 30, as the paper does not fix r_edit); "
                  "`IAM + refine` adds up to 100 gradient steps on the prediction loss (models/editing/refinement.py, "
                  "not in the paper); `IAM, P ≥ c, r steps` stops only when P gives the target at least probability c "
                  "and allows r steps (models/editing/field.py, not in the paper); "
                  "`no IAM` applies M |change| times unchecked (the paper's ablation). Steps "
                  "count M steps plus refinement iterations. Power: mean |x|² of the symbols sent (the SNR assumes 1); "
                  "`per image` rows scale each image to unit power and send the gain as side information.", "",
                  "| SNR | editing | adapters | edit success | others preserved | identity L1 | PSNR vs ideal | SSIM vs ideal | steps | power |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        lines += [f"| {c['snr_db']} dB | {_edit_mode(c)} | {'yes' if c['adapters'] else 'no'} | "
                  f"{_pct(c['edit_success'])} | {_pct(c['preserved'])}{_bracket(c.get('preserved_vs_inverted'))} | "
                  f"{c['identity_l1']:.3f} | "
                  f"{c['psnr_ideal_db']:.2f} dB | {c['ssim_ideal']:.3f} | {c['edit_steps_mean']:.2f} | {_power(c)} |"
                  for c in editing["conditions"]]
        lines.append("")
    budget = editing.get("adapter_budget")
    if budget:
        long = budget["long_budget"]
        lines += ["### Adapter fine-tuning budget", "",
                  f"PSNR against the ideal edit of the IAM edits above (averaged over the same channel draws): without adapters, with the "
                  f"committed adapters (the paper's budget, r_ft = 6 at lr 1e-4) and with a pair fine-tuned by the card "
                  f"on the same {long['n_ft']} validation faces for r_ft = {long['r_ft']} at lr {long['lr']:g} "
                  "(models/evaluation/adapter_budget.py).", "",
                  "| SNR | no adapters | paper budget | longer budget |", "|---|---|---|---|"]
        lines += [f"| {r['snr_db']} dB | {r['psnr_ideal_db_none']:.2f} dB | {r['psnr_ideal_db_paper']:.2f} dB | "
                  f"{r['psnr_ideal_db_long']:.2f} dB |" for r in budget["rows"]]
        lines.append("")
    unavailable = [f"- {name}: {section['unavailable']}" for name, section in card.items()
                   if isinstance(section, dict) and "unavailable" in section]
    if unavailable:
        lines += ["## Not measured", "", *unavailable, ""]
    training = card.get("training", {})
    if training:
        lines += ["## Training", "", "| model | wall time | parameters | notes |", "|---|---|---|---|"]
        for name, t in training.items():
            notes = f"tuned {t['tuned_parameters']} parameters = {_pct(t['tuned_ratio'])} of the chain" if "tuned_ratio" in t else ""
            wall = t.get("wall_s") or t.get("train_s")
            minutes = f"{wall / 60:.1f} min" if wall else ""
            lines.append(f"| {name} | {minutes} | {_parameters(t)} | {notes} |")
        lines += ["", "Parameters as the training summary records them; where it records none, the tensor elements "
                  "stored in the component's weight files (buffers included), per file.", ""]
    lines.append(f"All default weight files together: {card.get('weights_mb', 0)} MB.")
    return "\n".join(lines) + "\n"


def _parameters(training: dict) -> str:
    """A training row's parameter count: the summary's (a number, or one per network), else the weight files'
    (one figure, or ``n × figure`` when every file of the component holds the same)."""
    recorded = training.get("parameters")
    if isinstance(recorded, dict):
        return ", ".join(f"{network} {count:,}" for network, count in recorded.items())
    if recorded:
        return f"{recorded:,}"
    counts = list(training.get("file_parameters", {}).values())
    if len(set(counts)) == 1:
        return f"{counts[0]:,}" if len(counts) == 1 else f"{len(counts)} × {counts[0]:,}"
    return " + ".join(f"{count:,}" for count in counts)


def _draws(editing: dict) -> str:
    """How many channel draws each row averages (cards measured before draws were averaged have one)."""
    draws = editing["conditions"][0].get("channel_draws", 1)
    return (f"Every row averages {draws} AWGN draws of the channel over the same edits." if draws > 1
            else "Every row is one AWGN draw of the channel.")


def _edit_mode(condition: dict) -> str:
    mode = "IAM" if condition["iam"] else "no IAM"
    if condition.get("confidence"):
        mode += f", P ≥ {condition['confidence']:g}, {condition['r_edit']} steps"
    elif condition.get("r_edit", R_EDIT) != R_EDIT:
        mode += f", {condition['r_edit']} steps"
    return mode + " + refine" if condition.get("refine_iters") else mode


def _power(condition: dict) -> str:
    if "tx_symbol_power" not in condition:
        return "n/a"
    label = " per image" if condition.get("power_control") == "per_image" else ""
    return f"{condition['tx_symbol_power']:.2f}{label}"


def _bracket(share) -> str:
    return "" if share is None else f" ({_pct(share)})"


# Sections measured by other commands (benchmarks) start at this marker; rewriting the card keeps them.
HAND_MARKER = "<!-- Section written by hand"


def write_card(card: dict, path: Path) -> Path:
    """Write the generated card to ``path``, keeping any existing part from :data:`HAND_MARKER` on."""
    path = Path(path)
    kept = ""
    if path.exists():
        old = path.read_text()
        if HAND_MARKER in old:
            kept = "\n" + old[old.index(HAND_MARKER):]
    path.write_text(render(card) + kept)
    return path
