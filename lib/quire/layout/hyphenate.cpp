#include "quire/layout/hyphenate.hpp"

#include <hyphen.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "quire/io/file.hpp"

namespace quire::layout {

namespace {

constexpr const char* kDictionaryDir = "/usr/share/hyphen";

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "en-gb" → {"hyph_en_GB.dic", "hyph_en_US.dic" (English only), "hyph_en.dic"}.
std::vector<std::string> dictionary_names(std::string_view tag) {
  std::string lang = lower_ascii(tag.substr(0, tag.find_first_of("-_")));
  std::string region;
  if (auto sep = tag.find_first_of("-_"); sep != std::string_view::npos) {
    region = std::string(tag.substr(sep + 1, tag.find_first_of("-_", sep + 1) - sep - 1));
    for (auto& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::vector<std::string> names;
  if (lang.empty() || lang == "ko") return names;
  if (region.size() == 2) names.push_back("hyph_" + lang + "_" + region + ".dic");
  if (lang == "en") names.push_back("hyph_en_US.dic");
  names.push_back("hyph_" + lang + ".dic");
  return names;
}

}  // namespace

Hyphenator::~Hyphenator() { hnj_hyphen_free(dict_); }

const Hyphenator* Hyphenator::for_language(std::string_view lang) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Hyphenator>> files;    // by dictionary file: loaded once
  static std::map<std::string, const Hyphenator*, std::less<>> tags;  // by language tag; null: none
  std::lock_guard lock(mutex);
  if (auto it = tags.find(lang); it != tags.end()) return it->second;
  const Hyphenator* found = nullptr;
  for (const auto& name : dictionary_names(lang)) {
    std::error_code ec;
    std::string path = std::filesystem::canonical(std::string(kDictionaryDir) + "/" + name, ec).string();
    if (ec || !std::filesystem::is_regular_file(path, ec)) continue;
    if (auto it = files.find(path); it != files.end()) {
      found = it->second.get();
    } else if (HyphenDict* dict = hnj_hyphen_load(path.c_str())) {
      found = files.emplace(path, std::make_unique<Hyphenator>(dict)).first->second.get();
    }
    if (found) {
      io::note_input(path);  // libhyphen reads the file itself
      break;
    }
  }
  tags.emplace(std::string(lang), found);
  return found;
}

std::vector<std::size_t> Hyphenator::points(std::string_view word) const {
  std::string key = lower_ascii(word);
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  std::vector<char> hyphens(key.size() + 5, 0);
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  std::vector<std::size_t> out;
  if (hnj_hyphen_hyphenate3(dict_, key.data(), int(key.size()), hyphens.data(), nullptr, &rep, &pos, &cut,
                            kLeftHyphenMin, kRightHyphenMin, 0, 0) == 0) {
    for (std::size_t i = 0; i + 1 < key.size(); ++i) {
      bool replaced = rep && rep[i];  // a non-standard change (e.g. German ck → k-k): not supported
      if ((hyphens[i] & 1) && !replaced) out.push_back(i + 1);
    }
  }
  if (rep) {
    for (std::size_t i = 0; i < key.size(); ++i) std::free(rep[i]);
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  cache_.emplace(std::move(key), out);
  return out;
}

}  // namespace quire::layout
