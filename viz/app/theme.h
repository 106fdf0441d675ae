// Light and dark looks for a projector (high contrast, calm colours), and the one colour
// each protocol has everywhere: map glyphs, event list, transcript, sequence arrows.
#pragma once

#include "net/packet.h"

#include <imgui.h>

#include <string>

namespace postino::viz {

enum class Theme { Light, Dark };

void applyTheme(Theme theme, float scale);
Theme currentTheme();

ImU32 protocolColor(net::AppProtocol app);
const char* protocolName(net::AppProtocol app);  // "SMTP", "DNS", "TCP", ...
// Text colours of the transcript: what the client wrote, what the server answered.
ImU32 clientLineColor();
ImU32 serverLineColor();
ImU32 mutedTextColor();
// A sentence in the muted colour, wrapped at the panel's edge (never cut).
void mutedWrapped(const std::string& text);
ImU32 mapBackgroundColor();
ImU32 linkColor();
ImU32 nodeFillColor();
ImU32 nodeOutlineColor();
ImU32 highlightColor();
ImU32 errorColor();
ImU32 successColor();
// Mail that waits (deferred, a retry coming), mail that goes back (bounces), a retry, the world
// breaking: the map's queue badges, the Queue inspector, the events and the scrub-bar markers.
ImU32 warningColor();
ImU32 bounceColor();
ImU32 retryColor();
ImU32 outageColor();
// Text that sits on a warningColor() fill.
ImU32 onWarningTextColor();

}  // namespace postino::viz
