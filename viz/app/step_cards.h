// A guided lesson on screen: the narration in force at the playhead (for the lesson tile), the
// question card over the map when the player waits at a question (large choices, Reveal in
// teacher mode, right or wrong with the explanation in self-study, Continue), the self-study
// score at the end, and the keys 1-5 and Enter. What to show comes from model/lesson_steps.
#pragma once

#include "view_context.h"

#include <string>
#include <vector>

namespace postino::viz {

// How the lesson's steps start, from the command line (for screenshots): the mode, a question to
// wait at, the choices picked. Applied once to each lesson loaded.
struct StepStart {
    bool selfStudy = false;
    int question = 0;          // 1-based: seek to this question and wait there; 0: none
    std::vector<int> answers;  // 1-based choice per question in order; 0: unanswered
    bool reveal = false;       // teacher mode: reveal the answered questions (and the one waited at)
};
StepStart& stepStart();

// The mode switch, "Step 3 of 7" and the narration in force, large. Draws nothing for a lesson
// without steps.
void drawStepNarration(ViewContext& ctx);
// The question or score card over the map area, left of the current window (the lesson tile),
// and the keys; sets the player's stops. Call every frame from inside the lesson tile.
void drawStepCards(ViewContext& ctx);

}  // namespace postino::viz
