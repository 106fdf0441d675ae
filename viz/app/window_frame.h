// One frame of the window, the same on the desktop and in the browser: Dear ImGui set up on a
// GLFW window, a frame begun and drawn, and the scenario file dropped on the window.
#pragma once

#include <string>

struct GLFWwindow;

namespace postino::viz {

// Dear ImGui on `window` with its GLFW and OpenGL backends (GLSL 330 core or 300 es).
void startImGui(GLFWwindow* window);
void stopImGui();
// Before App::beforeFrame(): the backends' new frame.
void beginBackendFrame();
// After App::frame(): renders ImGui's draw data on the theme's background into the whole
// framebuffer. Returns the framebuffer's size.
void drawFrame(GLFWwindow* window, int& width, int& height);

// A scenario file dropped on the window (the first, if several were dropped) opens at the next
// frame: takeDroppedFile() gives it once ("" none).
void listenForDroppedFiles(GLFWwindow* window);
std::string takeDroppedFile();
// A scenario file to open at the next frame the same way (the browser's file picker).
void openAtNextFrame(std::string path);

}  // namespace postino::viz
