#include "quire/text/terms.hpp"

#include <cctype>

namespace quire::text {

namespace {

struct Entry {
  const char* lang;
  Terms terms;
};

// Caption words as each language's typesetting sets them (babel, Word, pandoc-crossref's
// translations); French puts a no-break space before the colon.
const Entry kTerms[] = {
    {"en",
     {"Figure", "Figures", "Table", "Tables", "Section", "Sections", " and ", ": ", "Contents", "List of Figures",
      "List of Tables"}},
    {"fr",
     {"Figure", "Figures", "Tableau", "Tableaux", "Section", "Sections", " et ", "\u00A0: ", "Table des matières",
      "Table des figures", "Liste des tableaux"}},
    {"de",
     {"Abbildung", "Abbildungen", "Tabelle", "Tabellen", "Abschnitt", "Abschnitte", " und ", ": ", "Inhaltsverzeichnis",
      "Abbildungsverzeichnis", "Tabellenverzeichnis"}},
    {"es",
     {"Figura", "Figuras", "Tabla", "Tablas", "Sección", "Secciones", " y ", ": ", "Índice", "Índice de figuras",
      "Índice de tablas"}},
    {"it",
     {"Figura", "Figure", "Tabella", "Tabelle", "Sezione", "Sezioni", " e ", ": ", "Indice", "Elenco delle figure",
      "Elenco delle tabelle"}},
    {"pt",
     {"Figura", "Figuras", "Tabela", "Tabelas", "Seção", "Seções", " e ", ": ", "Sumário", "Lista de figuras",
      "Lista de tabelas"}},
    {"nl",
     {"Figuur", "Figuren", "Tabel", "Tabellen", "Sectie", "Secties", " en ", ": ", "Inhoudsopgave", "Lijst van figuren",
      "Lijst van tabellen"}},
    // Arabic's "and" is written joined to the word after it.
    {"ar",
     {"شكل", "الأشكال", "جدول", "الجداول", "قسم", "الأقسام", " و", ": ", "المحتويات", "قائمة الأشكال",
      "قائمة الجداول"}},
    {"ko", {"그림", "그림", "표", "표", "절", "절", " 및 ", ": ", "목차", "그림 목차", "표 목차"}},
    {"ja", {"図", "図", "表", "表", "節", "節", " と ", ": ", "目次", "図目次", "表目次"}},
    {"zh", {"图", "图", "表", "表", "节", "节", " 和 ", ": ", "目录", "插图目录", "表格目录"}},
};

}  // namespace

const Terms& terms_for(std::string_view lang) {
  std::string language;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    language += char(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto& e : kTerms)
    if (language == e.lang) return e.terms;
  return kTerms[0].terms;
}

std::string_view list_separator(std::size_t index, std::size_t count, const Terms& terms) {
  if (index == 0) return {};
  return index + 1 == count ? std::string_view(terms.last_separator) : std::string_view(", ");
}

}  // namespace quire::text
