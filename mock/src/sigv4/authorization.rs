//! Parsing of the `Authorization: AWS4-HMAC-SHA256 ...` header.

/// The parts of a SigV4 `Authorization` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// Access key id from `Credential=`.
    pub access_key_id: String,
    /// Scope date `YYYYMMDD`.
    pub date: String,
    /// Scope region.
    pub region: String,
    /// Scope service (signing name).
    pub service: String,
    /// Scope terminator, `aws4_request` when well formed.
    pub terminator: String,
    /// Lower-case signed header names, in the order given.
    pub signed_headers: Vec<String>,
    /// Hex signature.
    pub signature: String,
}

impl Authorization {
    /// Parses the header value; the error text explains what is malformed.
    pub fn parse(value: &str) -> Result<Self, String> {
        let rest = value
            .trim()
            .strip_prefix("AWS4-HMAC-SHA256")
            .ok_or("Authorization header must use the AWS4-HMAC-SHA256 algorithm")?;
        let (mut credential, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, val) = part
                .trim()
                .split_once('=')
                .ok_or_else(|| format!("Malformed Authorization component '{}'", part.trim()))?;
            match key.trim() {
                "Credential" => credential = Some(val.trim()),
                "SignedHeaders" => signed = Some(val.trim()),
                "Signature" => signature = Some(val.trim()),
                _ => {}
            }
        }
        let credential =
            credential.ok_or("Authorization header requires a 'Credential' parameter")?;
        let signed = signed.ok_or("Authorization header requires a 'SignedHeaders' parameter")?;
        let signature = signature.ok_or("Authorization header requires a 'Signature' parameter")?;
        let parts: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, terminator] = parts[..] else {
            return Err(format!(
                "Credential '{credential}' must be ACCESS_KEY/DATE/REGION/SERVICE/aws4_request"
            ));
        };
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            terminator: terminator.to_owned(),
            signed_headers: signed
                .split(';')
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            signature: signature.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_header() {
        let auth = Authorization::parse(
            "AWS4-HMAC-SHA256 Credential=AKID/20240503/us-east-1/cases/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=abc123",
        )
        .expect("valid");
        assert_eq!(auth.access_key_id, "AKID");
        assert_eq!(auth.date, "20240503");
        assert_eq!(auth.region, "us-east-1");
        assert_eq!(auth.service, "cases");
        assert_eq!(auth.signed_headers, ["host", "x-amz-date"]);
        assert_eq!(auth.signature, "abc123");
    }

    #[test]
    fn rejects_malformed_headers() {
        assert!(Authorization::parse("Basic abc").is_err());
        assert!(Authorization::parse("AWS4-HMAC-SHA256 Credential=a/b/c").is_err());
        assert!(Authorization::parse("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x").is_err());
    }
}
