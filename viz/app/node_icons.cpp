// How a node looks: one ImGui drawing per role, shared by the map and the network editor.
#include "node_icons.h"

#include "theme.h"

namespace postino::viz {

Role roleOf(const scenario::Node& n, bool isCore) {
    switch (n.type) {
        case scenario::NodeType::Client:
            return n.id.find("phone") != std::string::npos || n.id.find("mobile") != std::string::npos ? Role::Phone
                                                                                                    : Role::Laptop;
        case scenario::NodeType::Browser: return Role::Browser;
        case scenario::NodeType::MailServer: return Role::MailServer;
        case scenario::NodeType::DnsServer: return Role::DnsServer;
        case scenario::NodeType::Webmail: return Role::Webmail;
        case scenario::NodeType::Router: return isCore ? Role::Cloud : Role::Router;
    }
    return Role::Router;
}

void drawEnvelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float thick) {
    const float h = w * 0.66f;
    const ImVec2 a(c.x - w / 2, c.y - h / 2), b(c.x + w / 2, c.y + h / 2);
    dl->AddRectFilled(a, b, fill, 2);
    dl->AddRect(a, b, line, 2, 0, thick);
    dl->AddLine(a, ImVec2(c.x, c.y + h * 0.1f), line, thick);
    dl->AddLine(ImVec2(b.x, a.y), ImVec2(c.x, c.y + h * 0.1f), line, thick);
}

void drawNodeIcon(ImDrawList* dl, Role role, ImVec2 c, float r, bool active, bool off, float s) {
    const ImU32 fill = off ? mapBackgroundColor() : nodeFillColor();
    const ImU32 line = off ? linkColor() : active ? highlightColor() : nodeOutlineColor();
    const float t = (active ? 3.0f : 2.0f) * s;
    switch (role) {
        case Role::Laptop: {
            const ImVec2 a(c.x - r * 0.8f, c.y - r * 0.6f), b(c.x + r * 0.8f, c.y + r * 0.35f);
            dl->AddRectFilled(a, b, fill, 3 * s);
            dl->AddRect(a, b, line, 3 * s, 0, t);
            dl->AddRectFilled(ImVec2(c.x - r, c.y + r * 0.42f), ImVec2(c.x + r, c.y + r * 0.6f), line, 2 * s);
            break;
        }
        case Role::Phone: {
            const ImVec2 a(c.x - r * 0.42f, c.y - r * 0.75f), b(c.x + r * 0.42f, c.y + r * 0.75f);
            dl->AddRectFilled(a, b, fill, 5 * s);
            dl->AddRect(a, b, line, 5 * s, 0, t);
            dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.58f), 2.5f * s, line);
            break;
        }
        case Role::Browser: {
            const ImVec2 a(c.x - r * 0.85f, c.y - r * 0.65f), b(c.x + r * 0.85f, c.y + r * 0.65f);
            dl->AddRectFilled(a, b, fill, 3 * s);
            dl->AddRect(a, b, line, 3 * s, 0, t);
            dl->AddLine(ImVec2(a.x, a.y + r * 0.3f), ImVec2(b.x, a.y + r * 0.3f), line, t);
            dl->AddCircle(ImVec2(c.x, c.y + r * 0.15f), r * 0.32f, line, 0, t * 0.8f);
            dl->AddLine(ImVec2(c.x - r * 0.32f, c.y + r * 0.15f), ImVec2(c.x + r * 0.32f, c.y + r * 0.15f), line, 1.2f * s);
            break;
        }
        case Role::MailServer:
        case Role::DnsServer:
        case Role::Webmail: {
            const ImVec2 a(c.x - r * 0.6f, c.y - r * 0.85f), b(c.x + r * 0.6f, c.y + r * 0.85f);
            dl->AddRectFilled(a, b, fill, 3 * s);
            dl->AddRect(a, b, line, 3 * s, 0, t);
            for (int i = 1; i < 3; ++i) {
                const float y = a.y + (b.y - a.y) * static_cast<float>(i) / 3.0f;
                dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), line, 1.2f * s);
            }
            const ImVec2 mid(c.x, c.y);
            if (role == Role::MailServer) {
                drawEnvelope(dl, mid, r * 0.75f, fill, off ? line : protocolColor(net::AppProtocol::Smtp), 1.6f * s);
            } else {
                const char* text = role == Role::DnsServer ? "DNS" : "www";
                const ImVec2 ts = ImGui::CalcTextSize(text);
                dl->AddText(ImVec2(mid.x - ts.x / 2, mid.y - ts.y / 2),
                            off ? line : protocolColor(role == Role::DnsServer ? net::AppProtocol::Dns : net::AppProtocol::Http),
                            text);
            }
            break;
        }
        case Role::Router: {
            dl->AddCircleFilled(c, r * 0.55f, fill);
            dl->AddCircle(c, r * 0.55f, line, 0, t);
            const float a = r * 0.3f;
            dl->AddLine(ImVec2(c.x - a, c.y), ImVec2(c.x + a, c.y), line, 1.6f * s);
            dl->AddLine(ImVec2(c.x, c.y - a), ImVec2(c.x, c.y + a), line, 1.6f * s);
            break;
        }
        case Role::Cloud: {
            const float puffs[][3] = {{-0.55f, 0.1f, 0.42f}, {-0.15f, -0.2f, 0.5f}, {0.35f, -0.1f, 0.45f},
                                      {0.6f, 0.2f, 0.35f},   {0.0f, 0.25f, 0.45f}};
            for (const auto& p : puffs) dl->AddCircleFilled(ImVec2(c.x + p[0] * r, c.y + p[1] * r), p[2] * r, line);
            for (const auto& p : puffs)
                dl->AddCircleFilled(ImVec2(c.x + p[0] * r, c.y + p[1] * r), p[2] * r - t, fill);
            break;
        }
    }
}

}  // namespace postino::viz
