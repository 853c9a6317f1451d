//! What the policy reports make of what each source prints: NETSTAT TTLS
//! DETAIL and `pasearch`, each rule pinned on a small capture tree written
//! here by hand, with the answer worked out from its text in the test.

use crate::trust::{ingest, report};
use crate::trust_policy::pasearch_cics_alone;
use crate::util::{stderr, TestDir};

/// A `QoS` rule and its action as `pasearch` without -t prints them after
/// the AT-TLS policy.
const QOS_RULE: &str = "
policyRule:             QOS-BULK-RULE
  Rule Type:            QoS
  Version:              3                 Status:            Active
  Weight:               1                 ForLoadDist:       False
  Priority:             1                 Sequence Actions:  Don't Care
  No. Policy Action:    1
  policyAction:         BULK-SLA
   ActionType:          QoS
   Action Sequence:     0
  QoS Condition Summary:                  NegativeIndicator: Off
   SourceIpFromAddr:    All
   SourceIpToAddr:      All
   SourcePortFrom:      21                SourcePortTo:      21
   ProtocolNumFrom:     6                 ProtocolNumTo:     6
   ApplicationName:     FTPD1

  QoS Action:           BULK-SLA
    Version:            3
    Status:             Active
    OutgoingTOS:        00000000
";

#[test]
fn a_full_pasearch_keeps_the_at_tls_rules_and_says_what_it_passed_over() {
    let dir = TestDir::new();
    // 1 March: a full `pasearch` (no -t): CICS-RULE (Rule Type TTLS, 47
    // lines) and after a blank line, on line 49, QOS-BULK-RULE (Rule Type
    // QoS) with its QoS action BULK-SLA. Only the AT-TLS rule is AT-TLS
    // policy; the QoS rule, with its action, is skipped and said once.
    dir.write("tree/2026-03-01/SYSA/pasearch.txt", format!("{}{QOS_RULE}", pasearch_cics_alone("03/01/2026")));
    let output = ingest(&dir, "tree");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains(
            "pasearch.txt: note: line 49: 1 policy rule of another type than AT-TLS (QoS: QOS-BULK-RULE), as \
             `pasearch` without -t prints every policy type: skipped with its actions, as this inventory holds \
             AT-TLS policy alone; `pasearch -t` prints the AT-TLS policy only"
        ),
        "{said}"
    );
    assert!(said.contains("; 0 problems"), "{said}");
    // CICS-RULE alone, as its dump prints it: C02F under TLSv1.2.
    assert_eq!(
        report(&dir, &["policy-inventory"], &["rule", "source", "protocols_on", "ciphers"]),
        "rule,source,protocols_on,ciphers\nCICS-RULE,pasearch,TLSv1.2,C02F:secure\n"
    );
}
