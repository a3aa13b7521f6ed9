//! GetCaseEventConfiguration and PutCaseEventConfiguration: one configuration per
//! domain, replaced whole by each put; a domain that never had one publishes nothing
//! (`{"eventBridge": {"enabled": false}}`).

use super::Service;
use crate::decode::event_configuration::{
    CASE_FIELDS_PATH, EventBridgeConfiguration, GetCaseEventConfigurationInput,
    PutCaseEventConfigurationInput,
};
use crate::error::ApiError;
use crate::output::{self, EmptyOutput, GetCaseEventConfigurationOutput};

impl Service {
    /// The domain's configuration as last put, or event delivery off.
    pub(super) fn get_case_event_configuration(
        &self,
        input: &GetCaseEventConfigurationInput,
    ) -> Result<GetCaseEventConfigurationOutput, ApiError> {
        self.store.read(|s| {
            let domain = s.domain(&input.domain_id)?;
            let event_bridge = domain.event_configuration.as_ref().map_or_else(off, encode);
            Ok(GetCaseEventConfigurationOutput { event_bridge })
        })
    }

    /// Replaces the domain's configuration; every field it includes must be a field of
    /// the domain.
    pub(super) fn put_case_event_configuration(
        &self,
        input: PutCaseEventConfigurationInput,
    ) -> Result<EmptyOutput, ApiError> {
        self.store.write(|s| {
            let domain = s.domain_mut(&input.domain_id)?;
            let fields = input
                .event_bridge
                .included_data
                .as_ref()
                .and_then(|d| d.case_fields.as_deref())
                .unwrap_or_default();
            for (i, id) in fields.iter().enumerate() {
                if domain.field(id).is_none() {
                    return Err(ApiError::validation(format!(
                        "1 validation error detected: Value at '{CASE_FIELDS_PATH}[{i}].id' \
                         failed to satisfy constraint: Member must name a field of the domain \
                         ('{id}' does not exist)"
                    )));
                }
            }
            domain.event_configuration = Some(input.event_bridge);
            Ok(EmptyOutput {})
        })
    }
}

/// The configuration of a domain that never had one put: no events are delivered.
fn off() -> output::EventBridgeConfiguration {
    output::EventBridgeConfiguration {
        enabled: false,
        included_data: None,
    }
}

fn encode(config: &EventBridgeConfiguration) -> output::EventBridgeConfiguration {
    output::EventBridgeConfiguration {
        enabled: config.enabled,
        included_data: config
            .included_data
            .as_ref()
            .map(|data| output::EventIncludedData {
                case_data: data
                    .case_fields
                    .as_ref()
                    .map(|fields| output::CaseEventIncludedData {
                        fields: fields
                            .iter()
                            .map(|id| output::FieldIdentifier { id: id.clone() })
                            .collect(),
                        auto_include_fields: data.case_auto_include_fields.clone(),
                    }),
                related_item_data: data.related_item_include_content.map(|include_content| {
                    output::RelatedItemEventIncludedData { include_content }
                }),
            }),
    }
}
