// How a node looks on the map and in the network editor: an icon per role (laptop, phone,
// browser, mail server, DNS server, webmail, router, the central cloud), drawn with ImGui.
#pragma once

#include "scenario/scenario.h"

#include <imgui.h>

namespace postino::viz {

enum class Role { Laptop, Phone, Browser, MailServer, DnsServer, Router, Cloud, Webmail };

// A node's role; `isCore`: the central router, drawn as the cloud.
Role roleOf(const scenario::Node& n, bool isCore);

// A closed envelope of width w centred at c.
void drawEnvelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float thick);

// The icon of radius r centred at c; `active`: highlighted (talking or selected); `off`: dimmed.
void drawNodeIcon(ImDrawList* dl, Role role, ImVec2 c, float r, bool active, bool off, float s);

}  // namespace postino::viz
