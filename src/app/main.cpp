// Backpressure, the desktop game: the thin platform shell.
// Window, GL context, Dear ImGui setup and the frame loop live here; every
// screen and panel is elsewhere. Modelled on Dear ImGui's
// example_glfw_opengl3/main.cpp.
#include <algorithm>
#include <array>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <glad/gl.h>
// glad must come first: GLFW would otherwise pull in the system GL header.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "backpressure/input_error.h"
#include "game.h"
#include "input_driver.h"
#include "output/data_dir.h"
#include "store/store.h"
#include "theme.h"
#include "ui.h"

namespace {

struct Options {
  std::string screenshot;
  int frames = 60;
  std::string scenario;
  std::string commands;
  std::string design;
  std::string screen;  // picker|briefing|play|debrief
  std::string input;   // scripted mouse and keyboard (input_script.h)
  double speed = -1;
  bool frame_stats = false;  // print frame timings at exit
  bool presenter = false;
  bool overlay = false;
  std::string data_dir;
};

void usage() {
  std::puts(
      "Usage: backpressure [OPTION]...\n"
      "An on-call simulator about queues: keep a running system alive while a backlog grows behind it.\n"
      "\n"
      "  --scenario FILE       start on this scenario (default: silent_backlog.json from the data folder)\n"
      "  --design FILE         play this saved design instead of the scenario's own\n"
      "  --commands FILE       replay this command script or saved command log\n"
      "  --screen NAME         open on picker, briefing, play or debrief (default: picker)\n"
      "  --speed N             simulated seconds per real second (default: your last speed, 60 at first)\n"
      "  --screenshot FILE     render --frames frames, write the last as PNG and exit; saves nothing\n"
      "  --frames N            frames to render with --screenshot (default: 60)\n"
      "  --frame-stats         print frame timings at exit\n"
      "  --presenter           start in presenter mode (larger type for a projector)\n"
      "  --debug-overlay       start with the frame-timing overlay shown\n"
      "  --input FILE          play a script of mouse and keyboard steps on named widgets, then exit:\n"
      "                        0 when every step ran, 1 naming the step that failed, 2 for a bad script\n"
      "  --data-dir DIR        folder with the shipped scenarios/ (default: $BACKPRESSURE_DATA,\n"
      "                        PREFIX/share/backpressure, then the source tree)\n"
      "  -h, --help            print this help and exit\n"
      "      --version         print the version and exit\n"
      "\n"
      "Keys: space pause/resume, 1-6 speeds, Ctrl+S save the run, Ctrl+Shift+S save the design,\n"
      "F3 or ` debug overlay, F11 fullscreen, P presenter mode, Ctrl+Z undo a design edit while\n"
      "paused (Ctrl+Shift+Z or Ctrl+Y redo). Every key and file: docs/desktop.md.\n"
      "\n"
      "Exit status: 0 on success, 1 when a scripted step fails, 2 for bad options or input.");
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "-h" || a == "--help") { usage(); std::exit(0); }
    else if (a == "--version") { std::printf("backpressure %s\n", BACKPRESSURE_VERSION); std::exit(0); }
    else if (a == "--data-dir" && (v = next())) o.data_dir = v;
    else if (a == "--screenshot" && (v = next())) o.screenshot = v;
    else if (a == "--frames" && (v = next())) o.frames = std::atoi(v);
    else if (a == "--scenario" && (v = next())) o.scenario = v;
    else if (a == "--commands" && (v = next())) o.commands = v;
    else if (a == "--input" && (v = next())) o.input = v;
    else if (a == "--design" && (v = next())) o.design = v;
    else if (a == "--screen" && (v = next())) o.screen = v;
    else if (a == "--speed" && (v = next())) {
      // inf or 1e300 would owe more steps than an int64 counts; the
      // settings file holds the same range.
      char* end = nullptr;
      o.speed = std::strtod(v, &end);
      if (end == v || *end || !std::isfinite(o.speed) || o.speed < 0 || o.speed > 3600) {
        std::fprintf(stderr, "backpressure: --speed: \"%s\" is not a speed; give simulated seconds per real second, 0 to 3600\n", v);
        return false;
      }
    }
    else if (a == "--frame-stats") o.frame_stats = true;
    else if (a == "--presenter") o.presenter = true;
    else if (a == "--debug-overlay") o.overlay = true;
    else { std::fprintf(stderr, "backpressure: unknown or incomplete option %s\n", a.c_str()); usage(); return false; }
  }
  return true;
}

// The shipped scenarios: looked for where backpressure-sim looks
// (output/data_dir.h); a miss names every place tried.
std::string find_scenario_dir(const std::string& option) {
  bp::DataDirSearch search;
  search.option = option;
  if (const char* env = std::getenv("BACKPRESSURE_DATA")) search.environment = env;
  search.executable = bp::this_executable();
  search.source_tree = BACKPRESSURE_SOURCE_DIR;
  return (bp::find_data_dir(search) / "scenarios").string();
}

// Writes a rectangle of the back buffer (framebuffer pixels, origin top left).
bool write_png(const std::string& path, int fb_h, int x, int y, int w, int h) {
  if (w <= 0 || h <= 0) return false;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(x, fb_h - y - h, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows run bottom-up; PNG rows top-down.
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

// Frame timings for --frame-stats, so the cost of 3600x can be measured
// under Xvfb without a person watching the overlay.
struct FrameLog {
  std::vector<double> frame_ms, step_ms, render_ms;
  std::vector<std::int64_t> steps;
  void print() const {
    if (frame_ms.empty()) return;
    auto summary = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      double sum = 0;
      for (double x : v) sum += x;
      return std::array<double, 4>{sum / static_cast<double>(v.size()), v[v.size() / 2], v[v.size() * 95 / 100], v.back()};
    };
    const auto f = summary(frame_ms), s = summary(step_ms), r = summary(render_ms);
    std::int64_t total = 0;
    for (auto n : steps) total += n;
    std::printf("frames %zu: frame ms mean %.2f median %.2f p95 %.2f max %.2f; stepping ms mean %.2f p95 %.2f max %.2f; "
                "GL render ms mean %.2f p95 %.2f; steps/frame mean %.1f\n",
                frame_ms.size(), f[0], f[1], f[2], f[3], s[0], s[2], s[3], r[0], r[2],
                static_cast<double>(total) / static_cast<double>(steps.size()));
  }
};

void set_fullscreen(GLFWwindow* window, bool on, int& saved_x, int& saved_y, int& saved_w, int& saved_h) {
  if (on) {
    glfwGetWindowPos(window, &saved_x, &saved_y);
    glfwGetWindowSize(window, &saved_w, &saved_h);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) return;
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window, nullptr, saved_x, saved_y, saved_w, saved_h, 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse(argc, argv, opt)) return 2;
  const bool shooting = !opt.screenshot.empty();
  // A scripted run is a test: the same fixed clock and window size as a
  // screenshot, so a script sees the same layout and moments on any machine.
  std::unique_ptr<app::InputDriver> driver;
  if (!opt.input.empty()) {
    try {
      driver = std::make_unique<app::InputDriver>(app::load_input_script(opt.input));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "backpressure: %s\n", e.what());
      return 2;
    }
  }
  const bool fixed_clock = shooting || driver;
  std::string scenario_dir;
  try {
    scenario_dir = find_scenario_dir(opt.data_dir);
  } catch (const bp::InputError& e) {
    std::fprintf(stderr, "backpressure: %s\n", e.what());
    return 2;
  }

  app::Store store(app::xdg_paths_from_environment());
  // Screenshots are for CI and docs: they read the player's files (best
  // grades on the picker) but never write, rename or set aside any of them.
  store.writable = !shooting;
  store.load();
  app::shell.presenter = opt.presenter || (store.settings.presenter && !fixed_clock);
  app::shell.overlay = opt.overlay;

  glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  const int win_w = fixed_clock ? 1600 : store.settings.window_width;
  const int win_h = fixed_clock ? 900 : store.settings.window_height;
  if (!fixed_clock && store.settings.maximized) glfwWindowHint(GLFW_MAXIMIZED, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "Backpressure", nullptr, nullptr);
  if (!window) { glfwTerminate(); return 1; }
  glfwMakeContextCurrent(window);
  // Screenshots render as fast as possible; play is paced by the display.
  glfwSwapInterval(fixed_clock ? 0 : 1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "backpressure: could not load OpenGL 3.3 functions\n");
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is code-driven; no imgui.ini litter
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  app::shell.content_scale = std::max(1.0f, xscale);
  app::load_fonts(app::shell.content_scale * (app::shell.presenter ? 1.25f : 1.0f));
  app::apply_style(app::shell.presenter, app::shell.content_scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  app::Game game(scenario_dir, (store.paths().data / "scenarios").string());
  // What the screens and panels keep between frames, and each frame's
  // snapshot of the run: one object, started afresh with every run.
  app::UiState ui;
  game.store = &store;
  for (const auto& n : store.notices()) game.warn(n);
  if (!app::shell.font_note.empty()) game.warn(app::shell.font_note);
  game.set_speed(opt.speed >= 0 ? opt.speed : store.settings.speed);
  const std::string scenario = !opt.scenario.empty() ? opt.scenario : scenario_dir + "/silent_backlog.json";
  if (!opt.scenario.empty() || !opt.design.empty() || (opt.screen != "" && opt.screen != "picker")) {
    if (std::string err = game.load(scenario, opt.design); !err.empty()) {
      std::fprintf(stderr, "backpressure: %s\n", err.c_str());
      return 1;
    }
    if (!opt.commands.empty())
      if (std::string err = game.load_script(opt.commands); !err.empty()) {
        std::fprintf(stderr, "backpressure: %s\n", err.c_str());
        return 1;
      }
    game.go(opt.screen == "briefing" ? app::Screen::Briefing
            : opt.screen == "picker" ? app::Screen::Picker
                                      : app::Screen::Play);
  }

  int rc = 0;
  FrameLog frame_log;
  bool fullscreen = false;
  int saved_x = 0, saved_y = 0, saved_w = win_w, saved_h = win_h;
  double last = glfwGetTime();
  double worst_window_start = last, worst_in_window = 0;
  for (int frame = 0; !glfwWindowShouldClose(window); ++frame) {
    glfwPollEvents();
    const auto frame_start = std::chrono::steady_clock::now();
    if (app::shell.fonts_dirty) {
      // Presenter mode changes the font size: rebuild the atlas between frames.
      app::shell.fonts_dirty = false;
      ImGui::GetIO().Fonts->Clear();
      app::load_fonts(app::shell.content_scale * (app::shell.presenter ? 1.25f : 1.0f));
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      app::apply_style(app::shell.presenter, app::shell.content_scale);
    }
    if (app::shell.want_fullscreen != fullscreen && !fixed_clock) {
      fullscreen = app::shell.want_fullscreen;
      set_fullscreen(window, fullscreen, saved_x, saved_y, saved_w, saved_h);
    }
    // Screenshots use a fixed 1/60 s per frame, so they show the same
    // simulated moment on any machine; play uses the real clock.
    const double t = glfwGetTime();
    const double dt = fixed_clock ? 1.0 / 60.0 : std::min(t - last, 0.25);
    app::shell.clock += dt;
    last = t;
    // A debrief screenshot shows the finished run for two frames, so its
    // windows have settled their sizes when the last one is written.
    if (shooting && !driver && opt.screen == "debrief" && frame == opt.frames - 2 && game.has_run()) game.request_finish();
    // The run moves here and only here, before anything is drawn. Stepping
    // may use most of a 60 Hz frame; drawing needs the rest.
    if (game.screen == app::Screen::Play) game.tick(dt, fixed_clock ? 0.0 : 0.010);
    else game.tick(0, 0);
    // A script or screenshot is a test: a run stopped by a refused command
    // or a budget fails it the way the CLI fails (exit 2, file and place).
    if (fixed_clock && !game.run_error().empty()) {
      std::fprintf(stderr, "backpressure: %s\n", game.run_error().c_str());
      rc = 2;
      break;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Nobody is holding the mouse in a screenshot: no stray hover effects.
    if (shooting) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    // A script's pointer and keys replace the platform's, before ImGui reads them.
    if (driver) driver->frame(game, ImGui::GetIO());
    ImGui::NewFrame();
    app::handle_shortcuts(game);
    // After the shortcuts, so the frame draws what Ctrl+Z just took back.
    ui.begin_frame(game);
    switch (game.screen) {
      case app::Screen::Picker: app::draw_picker(game); break;
      case app::Screen::Briefing: app::draw_briefing(game, ui); break;
      case app::Screen::Play: app::draw_play(game, ui); break;
      case app::Screen::Debrief: app::draw_debrief(game, ui); break;
    }
    app::draw_notices(game);
    app::draw_debug_overlay(game);
    ImGui::Render();
    const auto built = std::chrono::steady_clock::now();
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    const ImVec4 bg = app::to_vec4(app::colour::bg);
    glClearColor(bg.x, bg.y, bg.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (app::shell.capture) {
      const ImVec2 sc = ImGui::GetIO().DisplayFramebufferScale;
      const auto& c = *app::shell.capture;
      const int x0 = std::clamp(static_cast<int>(c.min.x * sc.x), 0, w), y0 = std::clamp(static_cast<int>(c.min.y * sc.y), 0, h);
      const int x1 = std::clamp(static_cast<int>(c.max.x * sc.x), 0, w), y1 = std::clamp(static_cast<int>(c.max.y * sc.y), 0, h);
      if (!write_png(c.path, h, x0, y0, x1 - x0, y1 - y0)) game.warn("Could not write " + c.path);
      app::shell.capture.reset();
    }
    if (driver && driver->done()) {
      if (driver->failed()) {
        std::fprintf(stderr, "backpressure: %s\n", driver->error().c_str());
        rc = 1;
      } else if (shooting && !write_png(opt.screenshot, h, 0, 0, w, h)) {
        std::fprintf(stderr, "backpressure: could not write %s\n", opt.screenshot.c_str());
        rc = 1;
      }
      break;
    }
    if (shooting && !driver && frame + 1 >= opt.frames) {
      if (!write_png(opt.screenshot, h, 0, 0, w, h)) {
        std::fprintf(stderr, "backpressure: could not write %s\n", opt.screenshot.c_str());
        rc = 1;
      }
      break;
    }
    if (opt.frame_stats) glFinish();  // count the GPU's share, not just queuing it
    // The frame's cost excludes waiting for vsync in the swap.
    const double frame_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start).count();
    game.stats.frame_ms = frame_ms;
    game.stats.render_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - built).count();
    worst_in_window = std::max(worst_in_window, frame_ms);
    if (t - worst_window_start > 1) {
      game.stats.worst_frame_ms = worst_in_window;
      worst_in_window = 0;
      worst_window_start = t;
    }
    if (opt.frame_stats && game.screen == app::Screen::Play) {
      frame_log.frame_ms.push_back(frame_ms);
      frame_log.step_ms.push_back(game.stats.step_ms);
      frame_log.render_ms.push_back(game.stats.render_ms);
      frame_log.steps.push_back(game.stats.steps);
    }
    glfwSwapBuffers(window);
  }
  if (opt.frame_stats) {
    // Which OpenGL did the drawing: a software renderer explains slow frames.
    std::printf("OpenGL: %s (%s)\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
                reinterpret_cast<const char*>(glGetString(GL_VERSION)));
    frame_log.print();
  }

  // A script's window is not the player's: keep their settings as they were.
  if (!fixed_clock) {
    // Remember the window as the player left it (not its fullscreen size).
    store.settings.maximized = glfwGetWindowAttrib(window, GLFW_MAXIMIZED) != 0;
    if (!fullscreen && !store.settings.maximized) {
      int ww = 0, wh = 0;
      glfwGetWindowSize(window, &ww, &wh);
      store.settings.window_width = ww;
      store.settings.window_height = wh;
    }
    store.settings.presenter = app::shell.presenter;
    if (game.speed() > 0) store.settings.speed = game.speed();  // never start the next run paused
    store.save_settings();
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}
