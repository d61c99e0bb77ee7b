//! The office's legal number series and their printed form.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Case,
    Filing,
    /// The certification ledger.
    Certification,
    /// The receipt journal (payments, voids, refunds).
    Receipt,
    /// Payment orders (a transfer asked for).
    PaymentOrder,
    /// Feedback items: complaints, suggestions, ideas, praise, questions, call-back requests.
    Feedback,
}

impl Series {
    /// The series a workstation leases blocks of while enrolled with a server.
    pub const LEASED: [Series; 6] = [
        Series::Case,
        Series::Filing,
        Series::Certification,
        Series::Receipt,
        Series::PaymentOrder,
        Series::Feedback,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Series::Case => "case",
            Series::Filing => "filing",
            Series::Certification => "certification",
            Series::Receipt => "receipt",
            Series::PaymentOrder => "payment_order",
            Series::Feedback => "feedback",
        }
    }

    pub fn from_code(code: &str) -> Option<Series> {
        Series::LEASED.into_iter().find(|s| s.code() == code)
    }

    /// The printed form: `C-2026/00042`, `F-2026/00017`, `CE-2026/00003`, `R-2026/00108`,
    /// `PO-2026/00007`, `FB-2026/00012`.
    pub fn format(self, year: i32, number: i64) -> String {
        let prefix = match self {
            Series::Case => "C",
            Series::Filing => "F",
            Series::Certification => "CE",
            Series::Receipt => "R",
            Series::PaymentOrder => "PO",
            Series::Feedback => "FB",
        };
        format!("{prefix}-{year}/{number:05}")
    }
}
