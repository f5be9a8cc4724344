//! `cfp show ID`: everything about one indicator, milestone, commitment or
//! priority: definition, full history, statistics, rating and commentary.

use crate::context::{Context, Format};
use crate::diag::did_you_mean;
use crate::render;
use crate::report::show::show;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The id of an indicator, milestone, commitment or priority
    pub id: String,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<super::Outcome> {
    let loaded = super::load(ctx)?;
    super::print_warnings(ctx, &loaded.warnings);
    let plan = &loaded.plan;
    let Some(view) = show(plan, &loaded.measurements, &args.id, ctx.as_of) else {
        let hint = did_you_mean(&args.id, plan.ids())
            .map(|d| format!("; {d}"))
            .unwrap_or_default();
        anyhow::bail!("the plan has no `{}`{hint}", args.id);
    };
    super::emit(ctx, |out| match ctx.format {
        Some(Format::Json) => {
            let doc = serde_json::json!({
                "schema_version": render::json::SCHEMA_VERSION,
                "as_of": ctx.as_of,
                "show": view,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Some(Format::Xlsx) => {
            let sheets = render::xlsx::show_sheets(&view);
            let book = render::xlsx::workbook(&sheets).map_err(std::io::Error::other)?;
            out.write_all(&book)
        }
        _ => out.write_all(render::show::text(&view, ctx.width).as_bytes()),
    })?;
    Ok(super::Outcome::Done)
}
