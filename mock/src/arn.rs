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

    /// `arn:aws:cases:R:A:domain/D/case-rule/R` (the mock's choice of resource type name:
    /// the model gives case rules an ARN, `CaseRuleArn`, but no format).
    pub fn case_rule(&self, domain: &str, rule: &str) -> String {
        format!("{}/case-rule/{rule}", self.domain(domain))
    }

    /// The IAM principal the mock reports as the caller in audit events.
    pub fn caller_principal(&self) -> String {
        format!("arn:aws:iam::{}:role/cases-mock-caller", self.account_id)
    }

    /// The resource `arn` names, if it has one of the forms above (or a layout's,
    /// `.../domain/D/layout/L`) in this region and account; `None` for anything else.
    pub fn parse(&self, arn: &str) -> Option<ArnResource> {
        let rest = arn.strip_prefix(&self.prefix)?;
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let own = |s: &str| s.to_owned();
        Some(match parts.as_slice() {
            ["domain", d] => ArnResource::Domain { domain: own(d) },
            ["domain", d, "case", c] => ArnResource::Case {
                domain: own(d),
                case: own(c),
            },
            ["domain", d, "field", f] => ArnResource::Field {
                domain: own(d),
                field: own(f),
            },
            ["domain", d, "template", t] => ArnResource::Template {
                domain: own(d),
                template: own(t),
            },
            ["domain", d, "layout", l] => ArnResource::Layout {
                domain: own(d),
                layout: own(l),
            },
            ["domain", d, "case-rule", r] => ArnResource::CaseRule {
                domain: own(d),
                rule: own(r),
            },
            ["domain", d, "case", c, "related-item", i] => ArnResource::RelatedItem {
                domain: own(d),
                case: own(c),
                item: own(i),
            },
            _ => return None,
        })
    }
}

/// A resource named by an ARN of the mock's region and account ([`Arns::parse`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArnResource {
    /// `domain/D`
    Domain {
        /// Domain id.
        domain: String,
    },
    /// `domain/D/case/C`
    Case {
        /// Domain id.
        domain: String,
        /// Case id.
        case: String,
    },
    /// `domain/D/field/F`
    Field {
        /// Domain id.
        domain: String,
        /// Field id.
        field: String,
    },
    /// `domain/D/template/T`
    Template {
        /// Domain id.
        domain: String,
        /// Template id.
        template: String,
    },
    /// `domain/D/layout/L`
    Layout {
        /// Domain id.
        domain: String,
        /// Layout id.
        layout: String,
    },
    /// `domain/D/case/C/related-item/I`
    RelatedItem {
        /// Domain id.
        domain: String,
        /// Case id.
        case: String,
        /// Related item id.
        item: String,
    },
    /// `domain/D/case-rule/R`
    CaseRule {
        /// Domain id.
        domain: String,
        /// Case rule id.
        rule: String,
    },
}

impl ArnResource {
    /// The `resourceType` a `ResourceNotFoundException` names for this resource.
    pub fn resource_type(&self) -> &'static str {
        match self {
            Self::Domain { .. } => "Domain",
            Self::Case { .. } => "Case",
            Self::Field { .. } => "Field",
            Self::Template { .. } => "Template",
            Self::Layout { .. } => "Layout",
            Self::RelatedItem { .. } => "RelatedItem",
            Self::CaseRule { .. } => "CaseRule",
        }
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

    #[test]
    fn parses_the_arns_it_builds_and_nothing_else() {
        let arns = Arns::new("us-east-1", "123456789012");
        assert_eq!(
            arns.parse(&arns.domain("d")),
            Some(ArnResource::Domain { domain: "d".into() })
        );
        assert_eq!(
            arns.parse(&arns.case("d", "c")),
            Some(ArnResource::Case {
                domain: "d".into(),
                case: "c".into()
            })
        );
        assert_eq!(
            arns.parse(&arns.field("d", "title")),
            Some(ArnResource::Field {
                domain: "d".into(),
                field: "title".into()
            })
        );
        assert_eq!(
            arns.parse(&arns.template("d", "t")),
            Some(ArnResource::Template {
                domain: "d".into(),
                template: "t".into()
            })
        );
        assert_eq!(
            arns.parse(&arns.related_item("d", "c", "i")),
            Some(ArnResource::RelatedItem {
                domain: "d".into(),
                case: "c".into(),
                item: "i".into()
            })
        );
        assert_eq!(
            arns.parse("arn:aws:cases:us-east-1:123456789012:domain/d/layout/l")
                .map(|r| r.resource_type()),
            Some("Layout")
        );
        assert_eq!(
            arns.parse(&arns.case_rule("d", "r")),
            Some(ArnResource::CaseRule {
                domain: "d".into(),
                rule: "r".into()
            })
        );
        for foreign in [
            "arn:aws:cases:eu-west-1:123456789012:domain/d",
            "arn:aws:cases:us-east-1:999999999999:domain/d",
            "arn:aws:cases:us-east-1:123456789012:domain/",
            "arn:aws:cases:us-east-1:123456789012:domain/d/",
            "arn:aws:cases:us-east-1:123456789012:domain//case/c",
            "arn:aws:cases:us-east-1:123456789012:domain/d/sla/s",
            "arn:aws:cases:us-east-1:123456789012:domain/d/case/c/related-item",
            "not an arn",
        ] {
            assert_eq!(arns.parse(foreign), None, "{foreign}");
        }
    }
}
