//! Renders a cover: a gradient in the category's hue, the title wrapped in right-to-left lines.

use std::fmt::Write;

/// What a cover shows.
#[derive(Debug, Clone)]
pub struct Cover {
    pub id: u32,
    pub title: String,
    pub byline: String,
    pub category: String,
    pub hue: u16,
}

const LINE_CHARS: usize = 15;
const MAX_LINES: usize = 4;

/// The cover as a standalone SVG document (no external references).
pub fn render(cover: &Cover) -> String {
    let hue = (u32::from(cover.hue) + 342 + cover.id * 29 % 36) % 360;
    let (light, dark) = (hsl_hex(hue, 0.55, 0.47), hsl_hex(hue, 0.55, 0.28));
    let title = escape(&cover.title);
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400" role="img" aria-label="{title}"><title>{title}</title><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{light}"/><stop offset="1" stop-color="{dark}"/></linearGradient></defs><rect width="300" height="400" fill="url(#g)"/><rect x="16" y="16" width="268" height="368" rx="10" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="2"/><circle cx="150" cy="96" r="44" fill="#ffffff" fill-opacity="0.14"/><g font-family="Vazirmatn, sans-serif" fill="#ffffff" text-anchor="middle" direction="rtl" unicode-bidi="embed">"##
    );
    let lines = wrap(&cover.title);
    let first_y = 222 - 17 * (lines.len() as i32 - 1);
    for (i, line) in lines.iter().enumerate() {
        let y = first_y + 34 * i as i32;
        let _ = write!(out, r#"<text x="150" y="{y}" font-size="25" font-weight="700">{}</text>"#, escape(line));
    }
    let _ = write!(
        out,
        r#"<text x="150" y="330" font-size="16" fill-opacity="0.9">{}</text><text x="150" y="358" font-size="13" fill-opacity="0.75">{}</text></g></svg>"#,
        escape(&cover.byline),
        escape(&cover.category)
    );
    out
}

/// Greedy word wrap into at most [`MAX_LINES`] lines; an overflowing last line ends with an ellipsis.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= LINE_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// Escapes text for XML content and attribute values, dropping control characters.
pub fn escape(text: &str) -> String {
    crate::markup::escape(&text.replace(char::is_control, ""), "&apos;")
}

/// `#rrggbb` for a hue in degrees and saturation/lightness in 0..=1.
fn hsl_hex(hue: u32, s: f64, l: f64) -> String {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let h = f64::from(hue % 360) / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_wraps() {
        let cover = Cover {
            id: 1,
            title: "<b> & \"x\" یک عنوان بسیار بسیار طولانی برای آزمودن شکستن سطرها".into(),
            byline: "ک".into(),
            category: "رمان".into(),
            hue: 10,
        };
        let svg = render(&cover);
        assert!(svg.contains("&lt;b&gt; &amp; &quot;x&quot;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.matches("font-size=\"25\"").count() <= MAX_LINES);
    }

    #[test]
    fn colours() {
        assert_eq!(hsl_hex(0, 1.0, 0.5), "#ff0000");
        assert_eq!(hsl_hex(120, 1.0, 0.5), "#00ff00");
        assert_eq!(hsl_hex(240, 1.0, 0.5), "#0000ff");
    }
}
