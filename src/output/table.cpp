#include "output/table.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace bp {

namespace {

std::string cell_text(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == std::round(d) && std::fabs(d) < 1e15) return fmt::format("{:.0f}", d);
    return fmt::format("{:.2f}", d);
  }
  return v.dump();
}

// Width on a terminal: UTF-8 continuation bytes take no column.
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string aligned(const Table& t) {
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) width[c] = display_width(t.columns[c]);
  std::vector<std::vector<std::string>> text;
  for (const auto& row : t.rows) {
    text.emplace_back();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      text.back().push_back(c < row.size() ? cell_text(row[c]) : "");
      width[c] = std::max(width[c], display_width(text.back().back()));
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells, const std::vector<nlohmann::json>* raw) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::size_t pad = width[c] - display_width(cells[c]);
      const bool number = raw && c < raw->size() && (*raw)[c].is_number();
      if (c) out += "  ";
      if (number) out.append(pad, ' ');
      out += cells[c];
      if (!number && c + 1 < cells.size()) out.append(pad, ' ');
    }
    out += '\n';
  };
  line(t.columns, nullptr);
  std::vector<std::string> rule;
  for (const std::size_t w : width) rule.emplace_back(w, '-');
  line(rule, nullptr);
  for (std::size_t r = 0; r < text.size(); ++r) line(text[r], &t.rows[r]);
  return out;
}

}  // namespace

std::string render_table(const Table& t, const std::string& format) {
  if (format == "table") return aligned(t);
  if (format == "csv") {
    std::string out;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ',';
      out += csv_cell(t.columns[c]);
    }
    out += '\n';
    for (const auto& row : t.rows) {
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c) out += ',';
        if (c < row.size()) out += csv_cell(row[c].is_number_float() ? row[c].dump() : cell_text(row[c]));
      }
      out += '\n';
    }
    return out;
  }
  if (format == "json") {
    // Ordered, so each object lists its fields in the table's column order.
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (std::size_t c = 0; c < t.columns.size(); ++c) o[t.columns[c]] = c < row.size() ? row[c] : nlohmann::json(nullptr);
      rows.push_back(std::move(o));
    }
    return rows.dump(2) + "\n";
  }
  throw std::invalid_argument("unknown format \"" + format + "\" (known: table, csv, json)");
}

}  // namespace bp
