// The OpenGL calls the app makes itself: OpenGL 3.3 core through glad's loader on the desktop,
// WebGL 2 (OpenGL ES 3.0, emscripten's own headers) in the browser.
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <glad/gl.h>
#endif
