//! QR codes of printed seals, verification addresses and queue tickets (pure: text in, modules
//! out), shared by the workstation's documents and the office server's pages.

/// The QR code of `text` as a square of dark (true) and light modules, row by row, with its
/// side length. Error correction M: a printed seal survives a stain or a fold.
pub fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let modules = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some((width, modules))
}

/// The QR code of `text` as a small SVG document (one path, four modules of quiet zone).
pub fn qr_svg(text: &str) -> String {
    let Some((w, modules)) = qr_modules(text) else {
        return String::new();
    };
    let size = w + 8;
    let mut path = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if modules[y * w + x] {
                let start = x;
                while x < w && modules[y * w + x] {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + 4,
                    y + 4,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_svg_is_a_square() {
        let svg = qr_svg("https://example.org/verify?c=abc");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<path"));
    }
}
