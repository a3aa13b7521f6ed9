//! `credentials_from_default_chain` resolves profile and environment credentials. Its own test
//! binary with a single test, because it changes the process environment. Instance metadata is
//! disabled and a region is set so the chain never touches the network.

use harness::client::credentials_from_default_chain;

#[tokio::test]
async fn default_chain_reads_profile_then_environment() {
    let dir = std::env::temp_dir().join(format!("harness-client-creds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let credentials_file = dir.join("credentials");
    std::fs::write(
        &credentials_file,
        "[harness-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n",
    )
    .unwrap();
    // SAFETY: this binary runs exactly one test, and nothing else reads the environment
    // concurrently while it is being changed.
    unsafe {
        for var in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ] {
            std::env::remove_var(var);
        }
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        std::env::set_var("AWS_REGION", "us-east-1");
        std::env::set_var("AWS_CONFIG_FILE", dir.join("config-does-not-exist"));
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials_file);
    }

    let profile = credentials_from_default_chain(Some("harness-test"))
        .await
        .unwrap();
    assert_eq!(profile.access_key_id(), "AKIDPROFILE");
    assert_eq!(profile.secret_access_key(), "profile-secret");

    let missing = credentials_from_default_chain(Some("no-such-profile")).await;
    assert!(missing.is_err());

    // SAFETY: as above.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDENV");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "env-secret");
        std::env::set_var("AWS_SESSION_TOKEN", "env-token");
    }
    let env = credentials_from_default_chain(None).await.unwrap();
    assert_eq!(env.access_key_id(), "AKIDENV");
    assert_eq!(env.session_token(), Some("env-token"));

    let _ = std::fs::remove_dir_all(&dir);
}
