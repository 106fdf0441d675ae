// The words and colour of a trace event as the viewer shows it: its sentence translated into
// the interface language, and the colour of its kind; the same translation for any trace::Phrase,
// such as the scenario loader's error messages.
#pragma once

#include "scenario/scenario_loader.h"
#include "trace/trace.h"

#include <imgui.h>

#include <string>

namespace postino::viz {

// The event's sentence in the interface language: its English format translated, then filled
// with its arguments. The English text when the event has no format (words from elsewhere, like
// a server's reply), when there is no translation, or when the translation does not fit the
// arguments (a bad translation must never crash the visualizer).
std::string eventText(const trace::Event& e);

// Any trace::Phrase in the interface language, the same way (the scenario loader's messages too).
std::string phraseText(const trace::Phrase& p);

// A loader error's message in the interface language: its phrase translated, or its English
// message when it has no phrase (errors made elsewhere, like a step that never fires).
std::string loadErrorMessage(const scenario::LoadError& e);
// The whole line, "file:12:17: /nodes/2/ip: " and the translated message (LoadError::format()'s shape).
std::string loadErrorText(const scenario::LoadError& e);

// The colour an event of this kind is written in; `fallback` for the ordinary ones.
ImU32 eventColor(trace::EventKind kind, ImU32 fallback);

}  // namespace postino::viz
