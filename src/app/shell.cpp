// What every screen shares: keyboard shortcuts, the debug overlay and the
// notices banner. The window itself (fullscreen, fonts) is main.cpp's.
#include <algorithm>
#include <string>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fmt/format.h>

#include "format.h"
#include "saved_designs.h"
#include "theme.h"
#include "ui.h"

namespace app {

// ImGui 1.86 indexes keys by the backend's codes (GLFW's), not ImGuiKey.
static bool pressed(int glfw_key) { return ImGui::IsKeyPressed(glfw_key, false); }

Shell shell;

float px(float logical) { return logical * shell.content_scale * (shell.presenter ? 1.2f : 1.0f); }

void handle_shortcuts(Game& game) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing a value in the inspector
  if (pressed(GLFW_KEY_F3) || pressed(GLFW_KEY_GRAVE_ACCENT))
    shell.overlay = !shell.overlay;
  if (pressed(GLFW_KEY_F11)) shell.want_fullscreen = !shell.want_fullscreen;
  if (pressed(GLFW_KEY_P) && !io.KeyCtrl) {
    shell.presenter = !shell.presenter;
    shell.fonts_dirty = true;
    if (game.store) {
      game.store->settings.presenter = shell.presenter;
      game.store->save_settings();
    }
  }
  if (game.screen != Screen::Play || !game.has_run()) return;
  if (pressed(GLFW_KEY_SPACE)) game.toggle_pause();
  // 1 pauses, 2-6 are 1x to 3600x: the order of the buttons in the top bar.
  for (int i = 0; i < 6; ++i)
    if (pressed(GLFW_KEY_1 + i) && !io.KeyCtrl) game.set_speed(Game::kSpeeds[i]);
  // Ctrl+S keeps the run (replayable); Ctrl+Shift+S keeps only the design.
  if (io.KeyCtrl && pressed(GLFW_KEY_S)) io.KeyShift ? (void)save_design(game) : game.save_run();
  // The game says why when there is nothing to take back, or it is running.
  if (io.KeyCtrl && pressed(GLFW_KEY_Z)) io.KeyShift ? game.redo() : game.undo();
  if (io.KeyCtrl && pressed(GLFW_KEY_Y)) game.redo();
}

void draw_debug_overlay(const Game& game) {
  if (!shell.overlay || shell.presenter) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12, vp->WorkPos.y + vp->WorkSize.y - 12), ImGuiCond_Always,
                          ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::Begin("debug", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
  const FrameStats& s = game.stats;
  ImGui::PushFont(fonts.small);
  text_coloured(colour::accent, "Debug (F3)");
  const ImU32 frame_col = s.frame_ms > 16.7 ? colour::bad : s.frame_ms > 12 ? colour::warn : colour::good;
  text_coloured(frame_col, fmt::format("frame      {:6.2f} ms (worst {:.1f})", s.frame_ms, s.worst_frame_ms).c_str());
  ImGui::Text("stepping   %6.2f ms", s.step_ms);
  ImGui::Text("GL draw    %6.2f ms", s.render_ms);
  ImGui::Text("steps      %6lld / frame", static_cast<long long>(s.steps));
  ImGui::Text("sim rate   %s x (asked %s x)", fmt_count(s.sim_rate).c_str(), fmt_count(game.speed()).c_str());
  if (game.has_run()) {
    ImGui::Text("events     %s", fmt_count(static_cast<double>(game.sim().events_processed())).c_str());
    ImGui::Text("in flight  %s requests", fmt_count(static_cast<double>(game.sim().live_requests())).c_str());
  }
  ImGui::PopFont();
  ImGui::End();
}

namespace {

// Long enough to read at a relaxed pace: a few seconds plus a little per
// character, within bounds.
double notice_lifetime(const std::string& text) {
  return std::clamp(4.0 + 0.06 * static_cast<double>(text.size()), 6.0, 16.0);
}
constexpr double kNoticeFade = 0.8;  // seconds of fading out at the end

}  // namespace

void draw_notices(Game& game) {
  // Expire what has been on screen long enough.
  std::erase_if(game.notices, [](const Game::Notice& n) {
    return !n.lasting && n.shown_at >= 0 && shell.clock - n.shown_at > notice_lifetime(n.text);
  });
  if (game.notices.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = std::min(vp->WorkSize.x - 80, px(760));
  // Bottom centre: out of the way of the gauges and the report card.
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y - px(24)),
                          ImGuiCond_Always, ImVec2(0.5f, 1));
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(colour::card));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1);
  ImGui::Begin("notices", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  // The mouse on the banner holds every notice: the player is reading.
  const bool reading = ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows);
  for (std::size_t i = 0; i < game.notices.size(); ++i) {
    Game::Notice& n = game.notices[i];
    if (n.shown_at < 0 || reading) n.shown_at = std::max(n.shown_at, shell.clock - (reading ? 1.0 : 0.0));
    const double left = n.lasting ? kNoticeFade : notice_lifetime(n.text) - (shell.clock - n.shown_at);
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, static_cast<float>(std::clamp(left / kNoticeFade, 0.15, 1.0)));
    ImGui::PushID(static_cast<int>(i));
    text_coloured(n.lasting ? colour::warn : colour::accent, n.lasting ? icon::warning : icon::info);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(w - px(90));
    text_wrapped(n.text);
    ImGui::PopTextWrapPos();
    ImGui::SameLine(w - px(70));
    const bool dismissed = ImGui::SmallButton("Dismiss");
    anchor("notices/dismiss/" + std::to_string(i));
    ImGui::PopID();
    ImGui::PopStyleVar();
    if (dismissed) {
      game.notices.erase(game.notices.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

}  // namespace app
