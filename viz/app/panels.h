// The panels of the window, one class per file, each made by one of these functions and listed
// once in panel_registry.cpp. They read the ViewContext and change only selection and player.
#pragma once

#include "panel.h"

#include <memory>

namespace postino::viz {

std::unique_ptr<Panel> makeControlsPanel();    // tile: the player across the top
std::unique_ptr<Panel> makeNowPanel();         // tile: the now line above the map
std::unique_ptr<Panel> makeMapPanel();         // tile: the network map
std::unique_ptr<Panel> makeLessonPanel();      // tile: the lesson's text
std::unique_ptr<Panel> makeEventsPanel();      // bottom tab
std::unique_ptr<Panel> makeTranscriptPanel();  // bottom tab
std::unique_ptr<Panel> makeSequencePanel();    // bottom tab
std::unique_ptr<Panel> makeMailboxPanel();     // inspector tab
std::unique_ptr<Panel> makeMessagePanel();     // inspector tab
std::unique_ptr<Panel> makePacketPanel();      // inspector tab
std::unique_ptr<Panel> makeDnsPanel();         // inspector tab
std::unique_ptr<Panel> makeQueuePanel();       // inspector tab
std::unique_ptr<Panel> makeComparePanel();     // bottom tab (wide: one column per account)


}  // namespace postino::viz
