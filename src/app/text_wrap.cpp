// Word wrapping that breaks only at spaces. Dear ImGui 1.86 also breaks
// after '.' and ',', which splits "1,160/min" and "jobs.dead_letter" across
// lines; the debrief and the event log are full of both.
#include <algorithm>
#include <string>
#include <string_view>

#include <imgui_internal.h>  // the window's current wrap position

#include "ui.h"

namespace app {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

float width_of(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

// The longest prefix of `word` that fits, at a UTF-8 character boundary,
// and never empty (a line must make progress).
std::size_t fitting_prefix(std::string_view word, float width) {
  std::size_t end = 0;
  for (std::size_t i = 1; i <= word.size(); ++i) {
    if (i < word.size() && is_continuation(word[i])) continue;
    if (width_of(word.substr(0, i)) > width) break;
    end = i;
  }
  if (end == 0) {
    end = 1;
    while (end < word.size() && is_continuation(word[end])) ++end;
  }
  return end;
}

void emit(std::string_view line) { ImGui::TextUnformatted(line.data(), line.data() + line.size()); }

}  // namespace

void text_wrapped(std::string_view text) {
  const ImGuiWindow* window = ImGui::GetCurrentWindow();
  // As ImGui::TextWrapped: the pushed wrap position, or the edge of the
  // work area (a table cell's, inside a table).
  const float wrap_at = window->DC.TextWrapPos > 0 ? window->Pos.x - window->Scroll.x + window->DC.TextWrapPos
                                                    : window->WorkRect.Max.x;
  const float width = std::max(wrap_at - ImGui::GetCursorScreenPos().x, ImGui::GetFontSize() * 4);
  // A group keeps continuation lines under the first (after a bullet, say).
  ImGui::BeginGroup();
  // Lines of one paragraph sit as close as ImGui's own wrapped lines.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    std::string line;
    std::size_t pos = 0;
    while (pos <= para.size()) {
      const std::size_t sp = para.find(' ', pos);
      std::string_view word = para.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos);
      pos = sp == std::string_view::npos ? para.size() + 1 : sp + 1;
      if (!line.empty() && width_of(line + " " + std::string(word)) <= width) {
        line += " ";
        line += word;
        continue;
      }
      if (!line.empty()) emit(line);
      line.clear();
      // A word wider than the whole line (a file path) is cut where it must be.
      while (width_of(word) > width) {
        const std::size_t cut = fitting_prefix(word, width);
        emit(word.substr(0, cut));
        word.remove_prefix(cut);
      }
      line = word;
    }
    emit(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

}  // namespace app
