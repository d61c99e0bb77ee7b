//! What each role may do.

use std::collections::BTreeSet;

use okno_wire::{Permission, Role};

/// What each role may do. Front-desk work (intake, handling, filing) belongs to clerks,
/// registrars and supervisors; cashiers see cases to take fees; admins keep the catalogue and
/// the staff list.
pub fn role_permissions(role: Role) -> &'static [Permission] {
    use Permission::*;
    match role {
        Role::Clerk => &[
            ViewCases,
            RegisterCase,
            HandleCase,
            ReassignCase,
            ViewFiling,
            RegisterFiling,
            ViewLedger,
            LookupRegistry,
            ServeQueue,
            TakeFeedback,
        ],
        Role::Registrar => &[
            ViewCases,
            RegisterCase,
            HandleCase,
            ViewFiling,
            RegisterFiling,
            Certify,
            ViewLedger,
            LookupRegistry,
            ServeQueue,
            TakeFeedback,
        ],
        Role::Cashier => &[
            ViewCases,
            ViewFiling,
            ViewLedger,
            ServeQueue,
            TakePayments,
            TakeFeedback,
        ],
        Role::Supervisor => &[
            ViewCases,
            RegisterCase,
            HandleCase,
            ReassignCase,
            ViewFiling,
            RegisterFiling,
            ReviewConflicts,
            CloseDay,
            ViewLedger,
            ReviewDay,
            LookupRegistry,
            ViewRegistryAudit,
            ServeQueue,
            TakePayments,
            SuperviseCash,
            TakeFeedback,
            SuperviseFeedback,
        ],
        Role::Admin => &[
            ViewCases,
            ViewFiling,
            EditCatalogue,
            ManageStaff,
            ReviewConflicts,
            ManageDevice,
            ManageOffice,
            CloseDay,
            ViewLedger,
            ReviewDay,
            ViewRegistryAudit,
        ],
    }
}

pub fn permissions_of(roles: &[Role]) -> BTreeSet<Permission> {
    roles
        .iter()
        .flat_map(|r| role_permissions(*r).iter().copied())
        .collect()
}
