// Reply tooltips and popups over transcript lines and events (see reply_tooltip.h).
#include "reply_tooltip.h"

#include "fonts.h"
#include "i18n.h"
#include "theme.h"
#include "wrapped_text.h"

#include <imgui.h>

#include <optional>
#include <string>

namespace postino::viz {

namespace {

// The explanation in the interface language: each sentence translated, joined with a space.
std::string translated(const trace::ReplyExplanation& reply) {
    std::string text;
    for (const char* sentence : reply.sentences) {
        if (!text.empty()) text += ' ';
        text += tr(sentence);
    }
    return text;
}

// Hover and click on the last item, for an explanation found or not.
bool showFor(const std::optional<trace::ReplyExplanation>& reply) {
    if (!reply) return false;
    // The rectangle, not ImGui's hovered item: a row's Selectable spans the text it sits under.
    const bool hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ImGui::OpenPopup("##reply");
    if (ImGui::BeginPopup("##reply")) {
        drawReplyExplanation(*reply);
        ImGui::EndPopup();
    } else if (hovered) {
        ImGui::BeginTooltip();
        drawReplyExplanation(*reply);
        ImGui::PushFont(fonts().regular);
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        textWrappedDisabled(tr("Click to keep this explanation open."));
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ImGui::EndTooltip();
    }
    return true;
}

}  // namespace

void drawReplyExplanation(const trace::ReplyExplanation& reply) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::PushFont(fonts().bold);
    textWrapped(reply.code);
    ImGui::PopFont();
    ImGui::PushFont(fonts().regular);
    textWrapped(translated(reply));
    textWrappedColored(mutedTextColor(), reply.reference);
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
}

bool replyTooltip(net::AppProtocol protocol, std::string_view line) { return showFor(trace::explainReply(protocol, line)); }

bool quotedReplyTooltip(net::AppProtocol protocol, std::string_view text) {
    return showFor(trace::findQuotedReply(protocol, text));
}

}  // namespace postino::viz
