//! The layout of a tree is recorded by its first ingest and used by the next.

use crate::util::{fixture, stderr, TestDir};

/// An ALLCONN capture taken at `time`.
fn capture(time: &str) -> String {
    fixture("published/netstat-allconn-port1414.txt").replace("16:55:18", time)
}

#[test]
fn the_layout_of_the_first_ingest_is_used_by_the_next() {
    let dir = TestDir::new();
    let tree = dir.path("captures");
    let tree_arg = tree.to_str().unwrap();
    // Day 1, with a layout: the system is the file name.
    dir.write("captures/2026-11-24/SYSA.txt", capture("16:55:18"));
    let day1 = dir.run(&["ingest", "-q", "--layout", "{date}/{system}.txt", tree_arg]);
    assert_eq!(day1.status.code(), Some(0), "{}", stderr(&day1));

    // Day 2 without it: filed under SYSA (the default rule would take the
    // folder above the date, `captures`, for the system).
    dir.write("captures/2026-11-25/SYSA.txt", capture("16:55:19"));
    let day2 = dir.run(&["ingest", tree_arg]);
    assert_eq!(day2.status.code(), Some(0), "{}", stderr(&day2));
    assert!(
        stderr(&day2).starts_with(&format!(
            "note: --layout '{{date}}/{{system}}.txt', recorded by the first ingest of {}\n",
            tree.display()
        )),
        "{}",
        stderr(&day2)
    );
    assert!(stderr(&day2).contains("\nsystems: SYSA 1 day\n2 files: 1 ingested, 1 unchanged,"), "{}", stderr(&day2));
    // Day 3, only its folder: inside the tree, the same rule.
    dir.write("captures/2026-11-26/SYSA.txt", capture("16:55:20"));
    let day3 = dir.run(&["ingest", "-q", dir.path("captures/2026-11-26").to_str().unwrap()]);
    assert_eq!(day3.status.code(), Some(0), "{}", stderr(&day3));
    assert_eq!(
        dir.csv("SELECT capture_date, system FROM capture_files ORDER BY 1"),
        "capture_date,system\n2026-11-24,SYSA\n2026-11-25,SYSA\n2026-11-26,SYSA\n"
    );

    // Another layout is refused, with what to do.
    let other = dir.run(&["ingest", "--layout", "{date}/", tree_arg]);
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(
        stderr(&other),
        format!(
            "ttlsinv: {} was first ingested with --layout '{{date}}/{{system}}.txt', and this ingest gives \
             --layout '{{date}}/': captures of one tree would be filed by two rules. To keep the recorded layout, \
             leave out --layout; to change it on purpose, add --change-layout (captures already ingested keep \
             their dates and systems)\n",
            tree.display()
        )
    );
    // On purpose: recorded, and used from then on.
    dir.write("captures/2026-11-27/SYSB/x.txt", capture("16:55:21"));
    let changed = dir.run(&["ingest", "-q", "--change-layout", "--layout", "{date}/{system}/", tree_arg]);
    assert_eq!(changed.status.code(), Some(0), "{}", stderr(&changed));
    assert_eq!(
        dir.csv("SELECT root, layout FROM ingest_roots"),
        format!("root,layout\n{},{{date}}/{{system}}/\n", tree.display())
    );
    assert_eq!(
        dir.csv("SELECT capture_date, system FROM capture_files ORDER BY 1"),
        "capture_date,system\n2026-11-24,SYSA\n2026-11-25,SYSA\n2026-11-26,SYSA\n2026-11-27,SYSB\n"
    );
}

/// A first ingest that ingested nothing (no date in the path) records a
/// layout that binds nothing: the next run may give `--layout` without
/// `--change-layout`, and the run after it uses that one.
#[test]
fn a_first_ingest_that_ingested_nothing_binds_no_layout() {
    let dir = TestDir::new();
    let tree = dir.path("t_nodate");
    let tree_arg = tree.to_str().unwrap();
    dir.write("t_nodate/MQA/netstat-all-port1414.txt", fixture("published/netstat-all-port1414.txt"));
    // No date in `t_nodate/MQA/netstat-all-port1414.txt`: a problem, nothing ingested.
    let first = dir.run(&["ingest", "-q", tree_arg]);
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));
    assert_eq!(dir.csv("SELECT count(*) AS n FROM capture_files"), "n\n0\n");

    // The date given, and the system from the folder below the tree (MQA).
    let second = dir.run(&["ingest", "--date", "2022-05-31", "--layout", "{system}/", tree_arg]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(stderr(&second).contains("systems: MQA 1 day\n1 files: 1 ingested,"), "{}", stderr(&second));
    assert_eq!(
        dir.csv("SELECT root, layout FROM ingest_roots"),
        format!("root,layout\n{},{{system}}/\n", tree.display())
    );

    // From now on it binds: another layout is refused, the same is used.
    let other = dir.run(&["ingest", "--date", "2022-05-31", "--layout", "{system}.txt", tree_arg]);
    assert_eq!(other.status.code(), Some(1), "{}", stderr(&other));
    assert!(stderr(&other).contains("was first ingested with --layout '{system}/'"), "{}", stderr(&other));
    let again = dir.run(&["ingest", "--date", "2022-05-31", tree_arg]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).starts_with(&format!(
            "note: --layout '{{system}}/', recorded by the first ingest of {}\n",
            tree.display()
        )),
        "{}",
        stderr(&again)
    );
}

/// A flat folder of MVS data set names (`flat/MQA.NETSTAT.D220531.T164039`):
/// by the default rule the system is the folder's name (FLAT), which is
/// said, with how to give another; `--layout '{system}.*'` takes the first
/// qualifier and finds the date (D220531) and time (T164039) in the name as
/// the default rule does (it failed: "no capture date in the path").
#[test]
fn a_flat_folder_of_data_set_names_says_where_its_system_came_from() {
    let flat_dir = || {
        let dir = TestDir::new();
        dir.write("flat/MQA.NETSTAT.D220531.T164039", fixture("published/netstat-all-port1414.txt"));
        dir.write("flat/MQA.NETSTAT.TTLS.D220531.T164039", fixture("published/netstat-ttls-conn-detail.txt"));
        let flat = dir.path("flat");
        (dir, flat)
    };
    let (dir, flat) = flat_dir();
    let default = dir.run(&["ingest", flat.to_str().unwrap()]);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    assert!(
        stderr(&default).contains(&format!(
            "{}: note: system FLAT is the name of this folder: its files are dated in their own names \
             (MQA.NETSTAT.D220531.T164039) and the path names no other system. If FLAT is not the system, ingest \
             them into a new database with --system NAME, or with --layout '{{system}}.*' if the first qualifier \
             of their names is the system (files already ingested keep the system they were filed under)\n\
             systems: FLAT 1 day\n",
            flat.display()
        )),
        "{}",
        stderr(&default)
    );
    for layout in ["{system}.NETSTAT.*", "{system}.*"] {
        let (dir, flat) = flat_dir();
        let output = dir.run(&["ingest", "--layout", layout, flat.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{layout}: {}", stderr(&output));
        assert!(!stderr(&output).contains("is the name of this folder"), "{layout}: {}", stderr(&output));
        assert_eq!(
            dir.csv("SELECT system, capture_date FROM capture_files ORDER BY path"),
            "system,capture_date\nMQA,2022-05-31\nMQA,2022-05-31\n",
            "{layout}"
        );
    }
}

/// A folder per stack: `SYSA/TCPIP/2022-05-31/` and `SYSB/TCPIP/2022-05-31/`
/// file both LPARs under one system TCPIP by the default rule (the folder
/// above the date folder), and `SYSA/2022-05-31/TCPIP/` takes TCPIP too (the
/// folder below). TCPIP is the stack every report prints (`TCPIP Name:
/// TCPIP`): it is said once, with the layout that takes the folder beyond
/// (review 14a F12), which files them under SYSA and SYSB.
#[test]
fn a_folder_named_as_the_stack_its_reports_print_is_said_with_the_layout_to_give() {
    let all = fixture("published/netstat-all-port1414.txt");
    let by_stack = [
        ("SYSA/TCPIP/2022-05-31/all.txt", "{system}/*/{date}/"),
        ("SYSA/2022-05-31/TCPIP/all.txt", "{system}/{date}/*/"),
    ];
    for (layout_of_sysa, layout) in by_stack {
        let tree = |dir: &TestDir| {
            dir.write(&format!("c/{layout_of_sysa}"), &all);
            dir.write(&format!("c/{}", layout_of_sysa.replace("SYSA", "SYSB")), all.replace("16:40:39", "16:40:41"));
            dir.path("c")
        };
        let dir = TestDir::new();
        let c = tree(&dir);
        let default = dir.run(&["ingest", c.to_str().unwrap()]);
        assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
        let note = format!(
            "{}: note: system TCPIP is the name of a folder in this path, and the stack its reports print: a folder \
             per stack files every system's captures of that stack under one system TCPIP. If TCPIP is not the \
             system, ingest the tree into a new database with --layout '{layout}' (files already ingested keep the \
             system they were filed under)\n",
            c.join(layout_of_sysa).display()
        );
        assert!(stderr(&default).contains(&note), "{}", stderr(&default));
        assert_eq!(stderr(&default).matches("is the name of a folder in this path").count(), 1);
        assert_eq!(dir.csv("SELECT DISTINCT system FROM capture_files"), "system\nTCPIP\n");

        let dir = TestDir::new();
        let c = tree(&dir);
        let output = dir.run(&["ingest", "--layout", layout, c.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{layout}: {}", stderr(&output));
        assert!(!stderr(&output).contains("is the name of a folder"), "{layout}: {}", stderr(&output));
        assert_eq!(
            dir.csv("SELECT system, capture_date FROM capture_files ORDER BY path"),
            "system,capture_date\nSYSA,2022-05-31\nSYSB,2022-05-31\n",
            "{layout}"
        );
    }
}

#[test]
fn files_named_as_systems_in_one_date_folder_are_said_with_the_layout_to_give() {
    let all = fixture("published/netstat-all-port1414.txt");
    let all_b = all.replace("TCPIP Name: TCPIP          ", "TCPIP Name: TCPIPB         ");
    // Review 14a F12: a file per system in the date folder. The default
    // rule files both under the folder above the date, C4.
    let tree = |dir: &TestDir| {
        dir.write("c4/2022-05-31/SYSA.txt", &all);
        dir.write("c4/2022-05-31/SYSB.TCPIPB.txt", &all_b);
        dir.path("c4")
    };
    let dir = TestDir::new();
    let c4 = tree(&dir);
    let default = dir.run(&["ingest", c4.to_str().unwrap()]);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    let note = format!(
        "{}: note: system C4 is the name of the folder above this date folder, whose files are named as systems \
         are (SYSA.txt, SYSB.TCPIPB.txt, each with a report of the same kind): a file per system in a date folder \
         files them all under one system C4. If the first qualifier of their names is the system, ingest the tree \
         into a new database with --layout '{{date}}/{{system}}.*' (files already ingested keep the system they \
         were filed under)\n",
        c4.join("2022-05-31").display()
    );
    assert!(stderr(&default).contains(&note), "{}", stderr(&default));
    assert_eq!(
        dir.csv("SELECT DISTINCT system, stack FROM snapshots ORDER BY 2"),
        "system,stack\nC4,TCPIP\nC4,TCPIPB\n"
    );

    let dir = TestDir::new();
    let c4 = tree(&dir);
    let output = dir.run(&["ingest", "--layout", "{date}/{system}.*", c4.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("named as systems"), "{}", stderr(&output));
    assert_eq!(
        dir.csv("SELECT DISTINCT system, stack FROM snapshots ORDER BY 1"),
        "system,stack\nSYSA,TCPIP\nSYSB,TCPIPB\n"
    );
}

#[test]
fn files_of_one_system_in_its_date_folder_are_not_taken_for_systems() {
    let all = fixture("published/netstat-all-port1414.txt");
    let ttls = fixture("published/netstat-ttls-conn-detail.txt");
    let all_b = all.replace("TCPIP Name: TCPIP          ", "TCPIP Name: TCPIPB         ");
    // `{system}/{date}/` with files named by kind, by stack, and by time:
    // each the README's layout, none a file per system.
    let trees: [&[(&str, &str)]; 3] = [
        &[("SYSA/2022-05-31/all.txt", &all), ("SYSA/2022-05-31/ttls.txt", &ttls)],
        &[("SYSA/2022-05-31/TCPIP.txt", &all), ("SYSA/2022-05-31/TCPIPB.txt", &all_b)],
        &[
            ("SYSA/2022-05-31/NETSTAT.T164039.txt", &all),
            ("SYSA/2022-05-31/NETSTAT.T174039.txt", &all.replace("16:40:39", "17:40:39")),
        ],
    ];
    for files in trees {
        let dir = TestDir::new();
        for (path, text) in files {
            dir.write(path, text);
        }
        let output = dir.run(&["ingest", dir.path("SYSA").to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{files:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("named as systems"), "{files:?}: {}", stderr(&output));
        assert_eq!(dir.csv("SELECT DISTINCT system FROM snapshots"), "system\nSYSA\n", "{files:?}");
    }
}
