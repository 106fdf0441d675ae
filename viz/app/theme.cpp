#include "theme.h"

#include "wrapped_text.h"

namespace postino::viz {

namespace {
Theme g_theme = Theme::Light;
bool dark() { return g_theme == Theme::Dark; }
}  // namespace

void applyTheme(Theme theme, float scale) {
    g_theme = theme;
    ImGuiStyle style;
    if (theme == Theme::Dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 16.0f;
    if (theme == Theme::Light) {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
        style.Colors[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.10f, 1.0f);
        style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.80f, 0.85f, 0.93f, 1.0f);
        style.Colors[ImGuiCol_TitleBg] = ImVec4(0.88f, 0.90f, 0.94f, 1.0f);
        // Frames (check boxes, combos, inputs) must stand out from the window on a projector.
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0.86f, 0.88f, 0.92f, 1.0f);
        style.Colors[ImGuiCol_FrameBgHovered] = ImVec4(0.78f, 0.84f, 0.95f, 1.0f);
        style.Colors[ImGuiCol_Border] = ImVec4(0.60f, 0.63f, 0.70f, 0.8f);
        style.FrameBorderSize = 1.0f;
    } else {
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
        style.Colors[ImGuiCol_Text] = ImVec4(0.93f, 0.93f, 0.92f, 1.0f);
    }
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

Theme currentTheme() { return g_theme; }

ImU32 protocolColor(net::AppProtocol app) {
    // Colour-blind-friendly hues (Okabe-Ito), darker on light backgrounds.
    switch (app) {
        case net::AppProtocol::Smtp: return dark() ? IM_COL32(240, 160, 40, 255) : IM_COL32(213, 94, 0, 255);
        case net::AppProtocol::Dns: return dark() ? IM_COL32(60, 200, 140, 255) : IM_COL32(0, 140, 90, 255);
        case net::AppProtocol::Pop3: return dark() ? IM_COL32(220, 130, 200, 255) : IM_COL32(170, 60, 150, 255);
        case net::AppProtocol::Imap: return dark() ? IM_COL32(90, 180, 240, 255) : IM_COL32(0, 114, 178, 255);
        case net::AppProtocol::Http: return dark() ? IM_COL32(240, 228, 66, 255) : IM_COL32(150, 120, 0, 255);
        case net::AppProtocol::TcpControl: return dark() ? IM_COL32(170, 170, 170, 255) : IM_COL32(110, 110, 110, 255);
        case net::AppProtocol::Other: break;
    }
    return dark() ? IM_COL32(170, 170, 170, 255) : IM_COL32(110, 110, 110, 255);
}

const char* protocolName(net::AppProtocol app) {
    switch (app) {
        case net::AppProtocol::Smtp: return "SMTP";
        case net::AppProtocol::Dns: return "DNS";
        case net::AppProtocol::Pop3: return "POP3";
        case net::AppProtocol::Imap: return "IMAP";
        case net::AppProtocol::Http: return "HTTP";
        case net::AppProtocol::TcpControl: return "TCP";
        case net::AppProtocol::Other: break;
    }
    return "IP";
}

ImU32 clientLineColor() { return dark() ? IM_COL32(120, 190, 255, 255) : IM_COL32(0, 80, 160, 255); }
ImU32 serverLineColor() { return dark() ? IM_COL32(250, 170, 90, 255) : IM_COL32(160, 60, 0, 255); }
void mutedWrapped(const std::string& text) { textWrappedColored(mutedTextColor(), text); }

ImU32 mutedTextColor() { return dark() ? IM_COL32(150, 150, 150, 255) : IM_COL32(105, 105, 110, 255); }
ImU32 mapBackgroundColor() { return dark() ? IM_COL32(24, 26, 30, 255) : IM_COL32(255, 255, 255, 255); }
ImU32 linkColor() { return dark() ? IM_COL32(95, 100, 110, 255) : IM_COL32(175, 180, 190, 255); }
ImU32 nodeFillColor() { return dark() ? IM_COL32(45, 50, 58, 255) : IM_COL32(240, 243, 248, 255); }
ImU32 nodeOutlineColor() { return dark() ? IM_COL32(150, 160, 175, 255) : IM_COL32(70, 80, 100, 255); }
ImU32 highlightColor() { return dark() ? IM_COL32(255, 215, 0, 255) : IM_COL32(230, 160, 0, 255); }
ImU32 errorColor() { return dark() ? IM_COL32(255, 110, 110, 255) : IM_COL32(190, 30, 30, 255); }
ImU32 successColor() { return dark() ? IM_COL32(110, 220, 120, 255) : IM_COL32(20, 130, 50, 255); }
ImU32 warningColor() { return dark() ? IM_COL32(240, 185, 60, 255) : IM_COL32(166, 104, 0, 255); }
ImU32 bounceColor() { return dark() ? IM_COL32(255, 120, 150, 255) : IM_COL32(196, 24, 80, 255); }
ImU32 retryColor() { return dark() ? IM_COL32(120, 170, 255, 255) : IM_COL32(40, 70, 200, 255); }
ImU32 outageColor() { return dark() ? IM_COL32(200, 200, 210, 255) : IM_COL32(40, 40, 48, 255); }
ImU32 onWarningTextColor() { return dark() ? IM_COL32(20, 20, 20, 255) : IM_COL32(255, 255, 255, 255); }

}  // namespace postino::viz
