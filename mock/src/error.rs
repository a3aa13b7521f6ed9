//! The error shapes the mock answers with, and how they map to HTTP.

use std::fmt;

/// Which error shape a failure is reported as. The model's shapes come first; the
/// others are protocol-level answers that have no shape in the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Input violates a model constraint or a semantic rule (400).
    Validation,
    /// A domain, case, template or field named by the request does not exist (404).
    ResourceNotFound,
    /// The request conflicts with existing state, e.g. a duplicate field name (409).
    Conflict,
    /// Missing authentication or an unknown access key (403).
    AccessDenied,
    /// A SigV4 signature that does not verify (403).
    InvalidSignature,
    /// No operation matches the method and path (404).
    UnknownOperation,
    /// The body exceeds the configured cap (413).
    PayloadTooLarge,
    /// A bug in the mock (500); never produced by bad input.
    Internal,
    /// A documented per-domain limit reached, e.g. more than 100 deleted fields (402).
    ServiceQuotaExceeded,
}

impl ErrorKind {
    /// HTTP status code for this error shape (the model's `httpStatusCode`).
    pub fn status(self) -> u16 {
        match self {
            Self::Validation => 400,
            Self::ResourceNotFound | Self::UnknownOperation => 404,
            Self::Conflict => 409,
            Self::AccessDenied | Self::InvalidSignature => 403,
            Self::PayloadTooLarge => 413,
            Self::Internal => 500,
            Self::ServiceQuotaExceeded => 402,
        }
    }

    /// Shape name sent in `x-amzn-ErrorType`.
    pub fn shape_name(self) -> &'static str {
        match self {
            Self::Validation => "ValidationException",
            Self::ResourceNotFound => "ResourceNotFoundException",
            Self::Conflict => "ConflictException",
            Self::AccessDenied => "AccessDeniedException",
            Self::InvalidSignature => "InvalidSignatureException",
            Self::UnknownOperation => "UnknownOperationException",
            Self::PayloadTooLarge => "RequestEntityTooLargeException",
            Self::Internal => "InternalServerException",
            Self::ServiceQuotaExceeded => "ServiceQuotaExceededException",
        }
    }
}

/// A failed request: the shape, its message and, for `ResourceNotFoundException`, the
/// resource the model requires it to name. Every layer returns this so the response
/// encoder is the only place that turns failures into HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The error shape.
    pub kind: ErrorKind,
    /// Human-readable message (the body's `message`).
    pub message: String,
    /// `(resourceId, resourceType)` for `ResourceNotFoundException`.
    pub resource: Option<(String, String)>,
}

impl ApiError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            resource: None,
        }
    }

    /// A 400 `ValidationException`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// A 404 `ResourceNotFoundException` naming the missing resource.
    pub fn not_found(resource_type: &str, resource_id: &str) -> Self {
        Self {
            kind: ErrorKind::ResourceNotFound,
            message: format!("{resource_type} '{resource_id}' was not found"),
            resource: Some((resource_id.to_owned(), resource_type.to_owned())),
        }
    }

    /// A 409 `ConflictException`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }

    /// A 402 `ServiceQuotaExceededException`.
    pub fn quota(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ServiceQuotaExceeded, message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.shape_name(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_shapes_use_the_model_status_codes() {
        assert_eq!(ErrorKind::Validation.status(), 400);
        assert_eq!(ErrorKind::ResourceNotFound.status(), 404);
        assert_eq!(ErrorKind::Conflict.status(), 409);
        assert_eq!(ErrorKind::AccessDenied.status(), 403);
        assert_eq!(ErrorKind::Internal.status(), 500);
        assert_eq!(ErrorKind::ServiceQuotaExceeded.status(), 402);
        assert_eq!(
            ErrorKind::ServiceQuotaExceeded.shape_name(),
            "ServiceQuotaExceededException"
        );
    }

    #[test]
    fn not_found_names_the_resource() {
        let err = ApiError::not_found("Case", "c-1");
        assert_eq!(err.kind.shape_name(), "ResourceNotFoundException");
        assert_eq!(err.resource, Some(("c-1".into(), "Case".into())));
        assert!(err.message.contains("c-1"));
    }
}
