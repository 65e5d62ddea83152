// A learned entry read back from a row of the acl table (schema.cpp): the
// columns domain, type, sub, perm, num0..num2, str0..str2, in that order,
// from column `first` of the query's result.
#pragma once

#include "proto.hpp"
#include "sqlite.hpp"

namespace ph::store {

inline AclEntry acl_row(sql::Query &q, int first) {
    AclEntry e;
    e.domain_id = q.u32(first);
    e.type = q.u32(first + 1);
    e.sub = q.u32(first + 2);
    e.perm = q.u32(first + 3);
    for (int i = 0; i < 3; ++i) {
        e.num[i] = sql::as_u64(q.i64(first + 4 + i));
        e.str[i] = q.text(first + 7 + i);
    }
    return e;
}

}  // namespace ph::store
