// The words and colour of a trace event as the viewer shows it: its sentence translated into
// the interface language, and the colour of its kind (failures, waits, bounces, outages).
#pragma once

#include "trace/trace.h"

#include <imgui.h>

#include <string>

namespace postino::viz {

// The event's sentence in the interface language: its English format translated, then filled
// with its arguments. The English text when the event has no format (words from elsewhere, like
// a server's reply), when there is no translation, or when the translation does not fit the
// arguments (a bad translation must never crash the visualizer).
std::string eventText(const trace::Event& e);

// The colour an event of this kind is written in; `fallback` for the ordinary ones.
ImU32 eventColor(trace::EventKind kind, ImU32 fallback);

}  // namespace postino::viz
