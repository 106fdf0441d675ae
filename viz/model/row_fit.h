// How the player's row makes room on a narrow window: which words it keeps beside their
// controls. Plain widths in, decisions out; viz/app/controls_panel.cpp measures and draws. No ImGui.
#pragma once

namespace postino::viz {

// The player row: `fixed` is everything but the two words; "Speed" goes first (its − / + and the
// speed between them still read as a speed), then the "Pause at each event" words, whose
// checkbox then shows an icon with a tooltip instead of standing bare.
struct ControlsFit {
    bool speedWord = true;
    bool pauseWords = true;
};
// `pauseWords`: how much wider the checkbox is with its words than with its icon.
ControlsFit fitControls(float available, float fixed, float speedWord, float pauseWords);

}  // namespace postino::viz
