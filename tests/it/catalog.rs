//! The reference catalog: pinned grades, agreement with the derived z/OS
//! grade table, and decoding that never loses a code.

use ttlsinv::catalog::{
    decode_cipher, decode_group, decode_signature_pair, Catalog, CipherSuite, Grade, IanaRecommended, Lookup,
    MozillaLevel, Protocol,
};

/// The grade table derived for the 87 z/OS 4-character suites
/// (`data/oracle/`): a test oracle only, never compiled into the product.
const ORACLE: &str = include_str!("../../data/oracle/zos_4char_grades.csv");

/// A suite as `ttlsinv cipher` shows it; `None` when the input is not a known suite.
fn describe_cipher(input: &str) -> Option<String> {
    decode_cipher(input).known().map(ToString::to_string)
}

fn suite(code: &str) -> &'static CipherSuite {
    decode_cipher(code).known().unwrap_or_else(|| panic!("{code} is not in the catalog"))
}

#[test]
fn pinned_cipher_suite_grades() {
    let cases = [
        ("C02B", Grade::Recommended),
        ("C02F", Grade::Secure),
        ("009E", Grade::Weak),
        ("003C", Grade::Weak),
        ("000A", Grade::Weak),
        ("0004", Grade::Insecure),
        ("0001", Grade::Insecure),
        ("1301", Grade::Recommended),
        ("1304", Grade::Secure),
    ];
    for (code, grade) in cases {
        assert_eq!(suite(code).grade, grade, "{code}");
    }
    assert!(suite("009E").grade_reasons.contains("DHEat Attack(1)"));
    assert!(suite("000A").grade_reasons.contains("Triple-DES(1)"));
    assert!(suite("0004").grade_reasons.contains("Rivest Cipher 4(2)"));
    assert!(suite("0001").grade_reasons.contains("NULL Encryption(2)"));
    assert!(suite("1304").grade_reasons.contains("CCM"));
}

#[test]
fn every_named_iana_suite_is_present_and_only_signalling_values_are_ungraded() {
    let catalog = Catalog::get();
    let iana: Vec<_> = catalog.cipher_suites().filter(|suite| suite.iana_recommended.is_some()).collect();
    assert_eq!(iana.len(), 356);
    let ungraded: Vec<_> = iana.iter().filter(|suite| suite.grade == Grade::Unknown).map(|suite| &suite.code).collect();
    assert_eq!(ungraded, ["00FF", "5600"]);
}

#[test]
fn every_zos_4char_suite_is_present_and_agrees_with_the_oracle() {
    let mut reader = csv::Reader::from_reader(ORACLE.as_bytes());
    let mut rows = 0;
    for record in reader.deserialize::<[String; 12]>() {
        let [code, name, kex, auth, _enc, mac, grade, reasons, mozilla_5_7, mozilla_6_0, nist, iana] = record.unwrap();
        let suite = suite(&code);
        assert_eq!(suite.name, name, "{code}");
        assert!(suite.zos_supported, "{code}");
        assert_eq!(suite.grade.as_str(), grade, "{code} grade");
        assert_eq!(suite.grade_reasons, reasons, "{code} reasons");
        assert_eq!(suite.mozilla_5_7.as_str(), mozilla_5_7, "{code} Mozilla 5.7");
        assert_eq!(suite.mozilla_6_0.as_str(), mozilla_6_0, "{code} Mozilla 6.0");
        assert_eq!(if suite.nist_800_52r2 { "Y" } else { "N" }, nist, "{code} NIST");
        assert_eq!(suite.iana_recommended.map(IanaRecommended::as_str), Some(iana.as_str()), "{code} IANA");
        assert_eq!(suite.mac, mac, "{code} mac");
        // The oracle writes `-` where the catalog, like OpenSSL, says `any`.
        let components = |value: &str| if value == "-" { "any".to_owned() } else { value.to_owned() };
        assert_eq!((suite.kex.clone(), suite.auth.clone()), (components(&kex), components(&auth)), "{code}");
        rows += 1;
    }
    assert_eq!(rows, 87);
    let supported = Catalog::get().cipher_suites().filter(|s| s.zos_supported && s.iana_recommended.is_some());
    assert_eq!(supported.count(), 87);
}

#[test]
fn zos_grade_counts_match_the_published_summary() {
    let count = |grade| {
        Catalog::get()
            .cipher_suites()
            .filter(|s| s.zos_supported && s.iana_recommended.is_some() && s.grade == grade)
            .count()
    };
    assert_eq!(
        [count(Grade::Recommended), count(Grade::Secure), count(Grade::Weak), count(Grade::Insecure)],
        [5, 2, 59, 21]
    );
}

#[test]
fn components_and_flags_of_well_known_suites() {
    let s = suite("003C");
    assert_eq!(
        (s.kex.as_str(), s.auth.as_str(), s.enc.as_str(), s.enc_bits, s.mode.as_str(), s.mac.as_str()),
        ("RSA", "RSA", "AES", 128, "CBC", "SHA256")
    );
    assert_eq!(s.protocol_min, Protocol::TlsV1_2);
    assert!(!s.forward_secret && !s.aead && s.quantum_vulnerable);

    let s = suite("C02B");
    assert!(s.forward_secret && s.aead);
    assert_eq!((s.mozilla_5_7, s.mozilla_6_0), (MozillaLevel::Intermediate, MozillaLevel::Intermediate));

    let s = suite("1301");
    assert_eq!((s.kex.as_str(), s.protocol_min), ("any", Protocol::TlsV1_3));
    assert!(s.quantum_vulnerable, "TLS 1.3 suites are classical by default");

    let s = suite("0003");
    assert!(s.export && s.mode == "STREAM");
    assert!(suite("0000").null_cipher && suite("0000").anonymous);
    assert!(suite("0018").anonymous);
    assert_eq!(suite("000A").enc_bits, 168);
    assert_eq!(suite("0035").code_2char.as_deref(), Some("35"));
    assert_eq!(suite("C02F").code_2char, None);
}

#[test]
fn sslv2_specs_are_insecure_sslv2_suites() {
    for spec in ["1", "2", "3", "4", "6", "7"] {
        let s = suite(spec);
        assert_eq!(s.code, format!("V2-{spec}"));
        assert_eq!((s.grade, s.protocol_min), (Grade::Insecure, Protocol::SslV2), "{spec}");
        assert!(s.grade_reasons.contains("SSL 2.0"), "{spec}");
    }
    assert_eq!(suite("TLS_RC4_128_WITH_MD5").code, "V2-1");
}

#[test]
fn every_form_of_a_cipher_decodes_to_the_same_suite() {
    for input in ["3C", "0x003C", "003C", "003c", "0x00,0x3C", "tls_rsa_with_aes_128_cbc_sha256", " 003C "] {
        assert_eq!(suite(input).code, "003C", "{input:?}");
    }
    let shown = describe_cipher("003C").unwrap();
    for input in ["3C", "0x003C", "tls_rsa_with_aes_128_cbc_sha256"] {
        assert_eq!(describe_cipher(input).as_deref(), Some(shown.as_str()), "{input:?}");
    }
    assert!(shown.contains("name: TLS_RSA_WITH_AES_128_CBC_SHA256\n"));
    assert!(shown.contains("grade: weak\n"));
    assert!(shown
        .contains("grade_reasons: Cipher Block Chaining(1); Non-ephemeral Key Exchange(1); RSA Authentication(0)\n"));
    assert_eq!(describe_cipher("13FF"), None);
}

#[test]
fn every_key_and_name_decodes_to_its_entry() {
    let catalog = Catalog::get();
    for suite in catalog.cipher_suites() {
        assert_eq!(catalog.decode_cipher(&suite.code), Lookup::Known(suite));
        assert_eq!(catalog.decode_cipher(&suite.name.to_lowercase()), Lookup::Known(suite));
    }
    for group in catalog.named_groups() {
        assert_eq!(catalog.decode_group(&group.code), Lookup::Known(group));
        assert_eq!(catalog.decode_group(&group.name), Lookup::Known(group));
    }
    for pair in catalog.signature_pairs() {
        assert_eq!(catalog.decode_signature_pair(&pair.code), Lookup::Known(pair));
        assert_eq!(catalog.decode_signature_pair(&pair.name), Lookup::Known(pair));
    }
}

#[test]
fn unknown_well_formed_codes_are_kept_and_graded_unknown() {
    let cipher = decode_cipher("0x13,0xFF");
    assert_eq!(cipher, Lookup::Unknown("13FF".to_owned()));
    assert_eq!((cipher.code(), cipher.grade()), ("13FF", Grade::Unknown));
    assert_eq!(decode_cipher("5").code(), "V2-5");
    assert_eq!(decode_cipher("5").grade(), Grade::Unknown);
    assert_eq!(decode_group("0042"), Lookup::Unknown("0042".to_owned()));
    assert_eq!(decode_signature_pair("0999"), Lookup::Unknown("0999".to_owned()));

    let junk = decode_cipher(" NOT_A_SUITE ");
    assert_eq!(junk, Lookup::Unrecognised("NOT_A_SUITE".to_owned()));
    assert_eq!((junk.code(), junk.grade()), ("NOT_A_SUITE", Grade::Unknown));
}

#[test]
fn named_groups_use_the_zos_decimal_codes() {
    let group = |code: &str| decode_group(code).known().unwrap_or_else(|| panic!("{code} unknown"));
    assert_eq!((group("0019").name.as_str(), group("0019").grade), ("secp192r1", Grade::Weak));
    assert_eq!((group("0021").name.as_str(), group("0021").grade), ("secp224r1", Grade::Weak));
    assert_eq!(group("0023").name, "secp256r1");
    for fine in ["0023", "0024", "0025", "0029", "0030"] {
        assert!(group(fine).grade >= Grade::Secure, "{fine}");
    }
    assert_eq!(group("0029").name, "X25519");
    assert_eq!(group("x25519").code, "0029");
    assert!(group("0029").quantum_vulnerable);
    let hybrid = group("X25519MLKEM768");
    assert_eq!((hybrid.code.as_str(), hybrid.grade, hybrid.quantum_vulnerable), ("4588", Grade::Recommended, false));
    assert_eq!(Catalog::get().named_groups().count(), 56);
}

#[test]
fn signature_pairs_cover_iana_and_the_zos_tls12_pairs() {
    let pair = |code: &str| decode_signature_pair(code).known().unwrap_or_else(|| panic!("{code} unknown"));
    assert_eq!((pair("0201").name.as_str(), pair("0201").grade), ("TLS_SIGALG_SHA1_WITH_RSA", Grade::Weak));
    assert_eq!(pair("0101").grade, Grade::Insecure);
    assert_eq!(pair("0401").iana_name.as_deref(), Some("rsa_pkcs1_sha256"));
    assert_eq!(pair("0401").grade, Grade::Recommended);
    assert_eq!(pair("rsa_pkcs1_sha256").code, "0401");
    let dsa = pair("0302");
    assert_eq!((dsa.name.as_str(), dsa.iana_name.as_deref()), ("TLS_SIGALG_SHA224_WITH_DSA", None));
    assert_eq!((dsa.hash.as_str(), dsa.signature.as_str(), dsa.grade), ("sha224", "dsa", Grade::Secure));
    assert_eq!(pair("0804").name, "TLS_SIGALG_SHA256_WITH_RSASSA_PSS");
}

#[test]
fn grades_and_protocols_are_ordered_worst_first() {
    assert!(Grade::Unknown < Grade::Insecure && Grade::Insecure < Grade::Weak);
    assert!(Grade::Weak < Grade::Secure && Grade::Secure < Grade::Recommended);
    assert_eq!(Grade::ALL.map(Grade::rank), [0, 1, 2, 3, 4]);
    assert_eq!(Protocol::ALL.map(Protocol::rank), [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        Protocol::ALL.map(Protocol::grade),
        [Grade::Insecure, Grade::Insecure, Grade::Weak, Grade::Weak, Grade::Secure, Grade::Recommended]
    );
    assert_eq!(Protocol::ALL.map(Protocol::as_str), ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]);
}
