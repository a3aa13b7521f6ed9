//! ARNs in the form AWS gives Connect Cases resources.

/// Builds ARNs for one region and account.
#[derive(Clone, Debug)]
pub struct Arns {
    prefix: String,
    account_id: String,
}

impl Arns {
    /// ARNs under `arn:aws:cases:{region}:{account_id}:`.
    pub fn new(region: &str, account_id: &str) -> Self {
        Self {
            prefix: format!("arn:aws:cases:{region}:{account_id}:"),
            account_id: account_id.to_owned(),
        }
    }

    /// `arn:aws:cases:R:A:domain/D`
    pub fn domain(&self, domain: &str) -> String {
        format!("{}domain/{domain}", self.prefix)
    }

    /// `arn:aws:cases:R:A:domain/D/case/C`
    pub fn case(&self, domain: &str, case: &str) -> String {
        format!("{}/case/{case}", self.domain(domain))
    }

    /// `arn:aws:cases:R:A:domain/D/field/F`
    pub fn field(&self, domain: &str, field: &str) -> String {
        format!("{}/field/{field}", self.domain(domain))
    }

    /// `arn:aws:cases:R:A:domain/D/template/T`
    pub fn template(&self, domain: &str, template: &str) -> String {
        format!("{}/template/{template}", self.domain(domain))
    }

    /// `arn:aws:cases:R:A:domain/D/case/C/related-item/I`
    pub fn related_item(&self, domain: &str, case: &str, item: &str) -> String {
        format!("{}/related-item/{item}", self.case(domain, case))
    }

    /// `arn:aws:cases:R:A:domain/D/layout/L`
    pub fn layout(&self, domain: &str, layout: &str) -> String {
        format!("{}/layout/{layout}", self.domain(domain))
    }

    /// The IAM principal the mock reports as the caller in audit events.
    pub fn caller_principal(&self) -> String {
        format!("arn:aws:iam::{}:role/cases-mock-caller", self.account_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_have_the_aws_form() {
        let arns = Arns::new("us-east-1", "123456789012");
        assert_eq!(
            arns.domain("d"),
            "arn:aws:cases:us-east-1:123456789012:domain/d"
        );
        assert_eq!(
            arns.related_item("d", "c", "r"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/case/c/related-item/r"
        );
        assert_eq!(
            arns.field("d", "f"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/field/f"
        );
        assert_eq!(
            arns.template("d", "t"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/template/t"
        );
        assert_eq!(
            arns.layout("d", "l"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/layout/l"
        );
        assert_eq!(
            arns.case("d", "c"),
            "arn:aws:cases:us-east-1:123456789012:domain/d/case/c"
        );
    }
}
