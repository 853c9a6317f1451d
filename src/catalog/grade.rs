//! The one grading scale shared by cipher suites, groups, signature pairs
//! and protocol versions, so that any two grades can be compared.

use std::fmt;

/// How safe a negotiated parameter is, worst first.
///
/// The four words are ciphersuite.info's scale, reused for groups, signature
/// pairs and protocols. `Unknown` is for codes the catalog does not know (or
/// does not grade, such as signalling values); it ranks lowest so that an
/// ungraded code is never taken as better than a graded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    Unknown,
    Insecure,
    Weak,
    Secure,
    Recommended,
}

impl Grade {
    /// Every grade, worst first.
    pub const ALL: [Grade; 5] = [Grade::Unknown, Grade::Insecure, Grade::Weak, Grade::Secure, Grade::Recommended];

    /// The word stored in the database and printed in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Unknown => "unknown",
            Grade::Insecure => "insecure",
            Grade::Weak => "weak",
            Grade::Secure => "secure",
            Grade::Recommended => "recommended",
        }
    }

    /// Position on the scale, 0 (`Unknown`) to 4 (`Recommended`): higher is
    /// better. Stored in `grades.rank` so SQL can order and compare grades.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
