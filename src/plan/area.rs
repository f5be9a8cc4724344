//! `--area`: the plan rated for another area than its own, for an analyst
//! at another council running a shared plan, or a regional team looking
//! at one of its areas. The indicators, targets and comparators are the
//! plan's; only whose figures are rated changes.

use super::Plan;

impl Plan {
    /// Makes `wanted` (a name, or a GSS code) the area the plan is rated
    /// for. A code the plan's `codes` gives names its area; any other code
    /// is matched by the files' code column and shown as it is. A
    /// comparator cannot be the rated area: it would be compared with
    /// itself.
    pub fn rate_as(&mut self, wanted: &str) -> Result<(), String> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return Err("--area names no area".into());
        }
        let coded = self
            .codes
            .iter()
            .find(|(_, code)| code.eq_ignore_ascii_case(wanted))
            .map(|(name, _)| name.clone());
        let name = coded.unwrap_or_else(|| wanted.to_string());
        if name.to_lowercase() == self.area.to_lowercase() {
            return Ok(());
        }
        if let Some(c) = self
            .comparators
            .iter()
            .find(|c| c.to_lowercase() == name.to_lowercase())
        {
            return Err(format!(
                "{c} is one of the plan's comparators: rated as the plan's area it would be \
                 compared with itself; name another area, or a copy of the plan without {c} \
                 among its comparators"
            ));
        }
        if is_gss_code(&name) {
            self.codes.insert(name.clone(), name.clone());
        }
        self.area = name;
        self.rated_as = true;
        Ok(())
    }
}

/// A GSS code's shape: a letter for the country and eight digits
/// (`E10000018`).
pub fn is_gss_code(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 9 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::plan::{load_lenient, Plan, SourceFile};

    fn plan_of(text: &str) -> Plan {
        let file = SourceFile {
            path: "cfp.toml".into(),
            text: text.to_string(),
        };
        let (plan, diags) = load_lenient(file, &|_: &Path| Ok(Vec::new()));
        assert!(diags.items.is_empty(), "{:?}", diags.items);
        plan.expect("a plan")
    }

    #[test]
    fn a_name_a_code_or_the_plans_own_area_is_rated() {
        let toml =
            "[plan]\ntitle = \"T\"\narea = \"Leicestershire\"\ncomparators = [\"England\"]\n\
                    codes = { Leicestershire = \"E10000018\", Rutland = \"E06000017\" }\n";
        let mut plan = plan_of(toml);
        assert_eq!(plan.rate_as(" leicestershire "), Ok(()));
        assert_eq!(plan.area, "Leicestershire");
        assert_eq!(plan.rate_as("E06000017"), Ok(()));
        assert_eq!(plan.area, "Rutland", "a code the plan gives names its area");
        assert_eq!(plan.rate_as("Nottinghamshire"), Ok(()));
        assert_eq!(plan.area, "Nottinghamshire");
        assert_eq!(plan.rate_as("E10000024"), Ok(()));
        assert_eq!(
            (
                plan.area.as_str(),
                plan.codes.get("E10000024").map(String::as_str)
            ),
            ("E10000024", Some("E10000024")),
            "another code is matched by the files' code column"
        );
        let refused = plan.rate_as("england").expect_err("a comparator");
        assert!(
            refused.starts_with("England is one of the plan's comparators"),
            "{refused}"
        );
        assert!(plan.rate_as("  ").is_err());
    }
}
