#include "analyzer/ecosystem/ecosystem.h"

#include "analyzer/ecosystem/loose_version_order.h"
#include "analyzer/ecosystem/npm/npm.h"
#include "analyzer/ecosystem/pypi/pypi.h"

namespace tarsier {

const std::vector<const Ecosystem*>& all_ecosystems() {
  static const std::vector<const Ecosystem*> list = {
      &npm_ecosystem(),
      &pypi_ecosystem(),
  };
  return list;
}

namespace {

template <typename Field>
const Ecosystem* find_by(Field field, std::string_view value) {
  for (const Ecosystem* e : all_ecosystems()) {
    if (e->*field == value) {
      return e;
    }
  }
  return nullptr;
}

}  // namespace

const Ecosystem* find_ecosystem(std::string_view id) {
  return find_by(&Ecosystem::id, id);
}

const Ecosystem* find_ecosystem_by_purl_type(std::string_view purl_type) {
  return find_by(&Ecosystem::purl_type, purl_type);
}

const Ecosystem* find_ecosystem_by_osv_name(std::string_view osv_name) {
  return find_by(&Ecosystem::osv_name, osv_name);
}

Result<const Ecosystem*> require_ecosystem(std::string_view id) {
  const Ecosystem* e = find_ecosystem(id);
  if (e == nullptr) {
    return make_error(ErrorKind::invalid,
                      "unknown ecosystem '" + std::string(id) + "'; expected " + ecosystem_ids());
  }
  return e;
}

std::string ecosystem_ids(std::string_view last_separator) {
  std::string out;
  const auto& list = all_ecosystems();
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) {
      out += i + 1 == list.size() ? std::string(last_separator) : std::string(", ");
    }
    out += list[i]->id;
  }
  return out;
}

std::string normalize_package_name(std::string_view ecosystem, std::string_view name) {
  const Ecosystem* e = find_ecosystem(ecosystem);
  return e != nullptr ? e->normalize_name(name) : std::string(name);
}

int compare_package_versions(std::string_view ecosystem, std::string_view a, std::string_view b) {
  const Ecosystem* e = find_ecosystem(ecosystem);
  return e != nullptr ? e->compare_versions(a, b) : compare_loose_versions(a, b);
}

}  // namespace tarsier
