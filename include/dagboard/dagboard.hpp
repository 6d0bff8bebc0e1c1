// SPDX-License-Identifier: Apache-2.0
// Umbrella header: everything a C++ host needs.
#pragma once

#include <dagboard/version.hpp>
#include <dagboard/agent.hpp>
#include <dagboard/audit.hpp>
#include <dagboard/board.hpp>
#include <dagboard/commits.hpp>
#include <dagboard/diffs.hpp>
#include <dagboard/discoveries.hpp>
#include <dagboard/documents.hpp>
#include <dagboard/explorations.hpp>
#include <dagboard/enums.hpp>
#include <dagboard/errors.hpp>
#include <dagboard/events.hpp>
#include <dagboard/github.hpp>
#include <dagboard/project.hpp>
#include <dagboard/references.hpp>
#include <dagboard/schemas.hpp>
#include <dagboard/requirements.hpp>
#include <dagboard/search.hpp>
#include <dagboard/statistics.hpp>
#include <dagboard/task.hpp>
#include <dagboard/ticket.hpp>
#include <dagboard/types.hpp>
#include <dagboard/workflow.hpp>
#include <dagboard/workspace.hpp>
