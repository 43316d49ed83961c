//! Widget entry point: the loader (`widget/pishkhan.js`) starts it with its own address, which says
//! where the shop is; `pishkhan::widget` does the rest.

use pishkhan as _;

fn main() {}
