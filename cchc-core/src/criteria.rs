//! Criteria sets: one appendix's tree of fields, criteria and sub-criteria.

use crate::code::Code;
use crate::method::Method;
use crate::name::named;
use crate::unit::Appendix;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Who gives a leaf its points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Assessor {
    /// The unit scores itself; the council appraises.
    #[default]
    #[serde(rename = "self")]
    SelfAssessed,
    /// Measured by the sociological survey; never self-assessed.
    Survey,
    /// Scored by the authority only (e.g. deductions, report quality).
    Authority,
}

named!(Assessor, "assessor", { SelfAssessed => "self", Survey => "survey", Authority => "authority" });

/// What part of the result a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Part of the 100-point scale.
    #[default]
    Scored,
    /// Deductions (điểm trừ): taken off the total, never below 0.
    Deduction,
    /// Bonus points (điểm thưởng): reported apart, outside the scale.
    Bonus,
}

named!(Section, "section", { Scored => "scored", Deduction => "deduction", Bonus => "bonus" });

impl Section {
    fn is_scored(&self) -> bool {
        *self == Section::Scored
    }
}

/// Whether an item's text is the official text or a reconstruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TextStatus {
    /// Copied from the issuing decision.
    Official,
    /// Written from other sources (named in the item's reference); not the official text.
    Reconstructed,
}

named!(TextStatus, "text status", { Official => "official", Reconstructed => "reconstructed" });

/// What a leaf carries: its method and flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Leaf {
    /// How an answer becomes points.
    pub method: Method,
    /// Who assesses the leaf.
    pub assessed_by: Assessor,
    /// Whether evidence (tài liệu kiểm chứng) is required for a claim.
    pub evidence: bool,
    /// Whether the unit may answer "not applicable" (không áp dụng).
    pub not_applicable: bool,
}

/// A node of a criteria tree: a field, a criterion or a sub-criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub(crate) code: Cow<'static, str>,
    pub(crate) title: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) title_en: Option<Cow<'static, str>>,
    #[serde(with = "crate::decimal::Str")]
    pub(crate) max: Decimal,
    #[serde(default, skip_serializing_if = "Section::is_scored")]
    pub(crate) section: Section,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) leaf: Option<Leaf>,
    pub(crate) status: TextStatus,
    pub(crate) reference: Cow<'static, str>,
}

impl Node {
    /// The dotted code ("1", "1.1", "1.1.1").
    pub fn code(&self) -> &str {
        &self.code
    }
    /// Vietnamese title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// English title, where the data gives one.
    pub fn title_en(&self) -> Option<&str> {
        self.title_en.as_deref()
    }
    /// Maximum points (điểm tối đa).
    pub fn max(&self) -> Decimal {
        self.max
    }
    /// The section of the field this node heads; `Scored` for nodes that are not fields.
    pub fn section(&self) -> Section {
        self.section
    }
    /// The leaf's method and flags; `None` for a node with children.
    pub fn leaf(&self) -> Option<&Leaf> {
        self.leaf.as_ref()
    }
    /// Whether this node is a leaf (has a method).
    pub fn is_leaf(&self) -> bool {
        self.leaf.is_some()
    }
    /// 1 for a field, 2 for a criterion, 3 for a sub-criterion.
    pub fn depth(&self) -> usize {
        self.code.split('.').count()
    }
    /// Official or reconstructed text.
    pub fn status(&self) -> TextStatus {
        self.status
    }
    /// The document and item this node rests on.
    pub fn reference(&self) -> &str {
        &self.reference
    }
}

/// One appendix of an edition: a validated criteria tree.
///
/// ```
/// use cchc_core::Appendix;
/// # fn demo(edition: &cchc_core::Edition) {
/// let set = edition.criteria(Appendix::I).unwrap();
/// for field in set.fields() {
///     println!("{} {} ({})", field.code(), field.title(), field.max());
/// }
/// # }
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CriteriaSet {
    pub(crate) appendix: Appendix,
    pub(crate) title: Cow<'static, str>,
    #[serde(with = "crate::decimal::Str")]
    pub(crate) max: Decimal,
    pub(crate) nodes: Cow<'static, [Node]>,
    #[serde(skip)]
    pub(crate) index: Tree,
}

impl PartialEq for CriteriaSet {
    fn eq(&self, other: &Self) -> bool {
        self.appendix == other.appendix
            && self.title == other.title
            && self.max == other.max
            && self.nodes == other.nodes
    }
}
impl Eq for CriteriaSet {}

/// Lookup tables derived from the node list (built after loading, never serialized). Every
/// table is a slice, so a compiled edition (`crate::compiled`) carries them as statics computed
/// when it was built.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    /// Node indices in the byte order of their codes (the order of a `BTreeMap` keyed by code):
    /// a code is found by binary search, and sorted inputs are matched to nodes by one merge.
    pub(crate) sorted: Cow<'static, [usize]>,
    /// Each node's parent.
    pub(crate) parent: Cow<'static, [Option<usize>]>,
    /// The top-level fields, in order.
    pub(crate) fields: Cow<'static, [usize]>,
    /// Every node's children, node after node, each node's in order.
    pub(crate) children: Cow<'static, [usize]>,
    /// Where node `i`'s children start in `children` (`nodes + 1` entries).
    pub(crate) child_start: Cow<'static, [usize]>,
}

impl Tree {
    /// Builds the lookup tables; assumes codes were validated (unique, parents before children).
    pub(crate) fn build(nodes: &[Node]) -> Tree {
        let mut sorted: Vec<usize> = (0..nodes.len()).collect();
        sorted.sort_by(|&a, &b| nodes[a].code.cmp(&nodes[b].code));
        let find = |code: &str| {
            sorted
                .binary_search_by(|&k| nodes[k].code.as_ref().cmp(code))
                .ok()
                .map(|k| sorted[k])
        };
        let mut parent = vec![None; nodes.len()];
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut fields = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            match Code::parse(&node.code).and_then(|c| c.parent()) {
                Some(p) => {
                    if let Some(p) = find(p.as_str()) {
                        kids[p].push(i);
                        parent[i] = Some(p);
                    }
                }
                None => fields.push(i),
            }
        }
        let mut child_start = Vec::with_capacity(nodes.len() + 1);
        let mut children = Vec::with_capacity(nodes.len());
        for k in &kids {
            child_start.push(children.len());
            children.extend_from_slice(k);
        }
        child_start.push(children.len());
        Tree {
            sorted: sorted.into(),
            parent: parent.into(),
            fields: fields.into(),
            children: children.into(),
            child_start: child_start.into(),
        }
    }

    /// The index of the node with this code.
    fn find(&self, nodes: &[Node], code: &str) -> Option<usize> {
        self.sorted
            .binary_search_by(|&k| nodes[k].code.as_ref().cmp(code))
            .ok()
            .map(|k| self.sorted[k])
    }

    /// The indices of node `i`'s children.
    fn children_of(&self, i: usize) -> &[usize] {
        match (self.child_start.get(i), self.child_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.children.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl CriteriaSet {
    /// Which appendix this is.
    pub fn appendix(&self) -> Appendix {
        self.appendix
    }
    /// The appendix's title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The total of the scored fields (100 in a complete appendix).
    pub fn max(&self) -> Decimal {
        self.max
    }
    /// Every node, parents before children, in the table's order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    /// The node with this code.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.index_of(code).map(|i| &self.nodes[i])
    }
    /// The top-level fields (including deduction and bonus fields), in order.
    pub fn fields(&self) -> impl Iterator<Item = &Node> + '_ {
        self.index.fields.iter().map(|&i| &self.nodes[i])
    }
    /// The direct children of the node with this code (empty for a leaf or an unknown code).
    pub fn children(&self, code: &str) -> impl Iterator<Item = &Node> + '_ {
        let ids: &[usize] = match self.index_of(code) {
            Some(i) => self.index.children_of(i),
            None => &[],
        };
        ids.iter().map(|&i| &self.nodes[i])
    }
    /// The parent of the node with this code.
    pub fn parent(&self, code: &str) -> Option<&Node> {
        let i = self.index_of(code)?;
        self.index.parent[i].map(|p| &self.nodes[p])
    }
    /// All leaves, in order.
    pub fn leaves(&self) -> impl Iterator<Item = (&Node, &Leaf)> + '_ {
        self.nodes
            .iter()
            .filter_map(|n| n.leaf.as_ref().map(|leaf| (n, leaf)))
    }
    pub(crate) fn parent_index(&self, i: usize) -> Option<usize> {
        self.index.parent.get(i).copied().flatten()
    }
    /// The nodes' indices in code order.
    pub(crate) fn sorted(&self) -> &[usize] {
        &self.index.sorted
    }
    pub(crate) fn index_of(&self, code: &str) -> Option<usize> {
        self.index.find(&self.nodes, code)
    }
    /// The indices of the top-level fields, in order.
    pub(crate) fn field_indices(&self) -> &[usize] {
        &self.index.fields
    }
    /// Calls `f(node index, value)` for every entry of a map keyed by code whose code is a node
    /// of this set, by merging the map's order with the codes' (no hashing, no allocation).
    pub(crate) fn each_entry<'a, V>(
        &self,
        map: &'a std::collections::BTreeMap<String, V>,
        mut f: impl FnMut(usize, &'a V),
    ) {
        let sorted = &self.index.sorted;
        let code_at = |k: usize| self.nodes[sorted[k]].code.as_ref();
        let mut j = 0;
        for (code, value) in map {
            // Gallop from the last match: cheap for dense maps and sparse ones alike.
            let mut step = 1;
            while j + step < sorted.len() && code_at(j + step) < code.as_str() {
                step *= 2;
            }
            let end = (j + step + 1).min(sorted.len());
            j += sorted[j..end].partition_point(|&k| self.nodes[k].code.as_ref() < code.as_str());
            match sorted.get(j) {
                Some(&i) if self.nodes[i].code == *code => f(i, value),
                Some(_) => {}
                None => return,
            }
        }
    }
    /// The section of the field a node belongs to.
    pub fn section_of(&self, code: &str) -> Option<Section> {
        let field = code.split('.').next()?;
        self.node(field).map(|n| n.section)
    }
}

/// A criteria set as a reader wants it: every node with its depth and the section of its field
/// spelled out, in document order. Made by [`Edition::criteria_view`](crate::Edition::criteria_view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CriteriaView {
    /// The appendix.
    pub appendix: Appendix,
    /// Its title.
    pub title: String,
    /// Its max (100).
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// Every node, fields first then their criteria, as in the data.
    pub nodes: Vec<NodeView>,
}

/// One node of a [`CriteriaView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NodeView {
    /// The dotted code.
    pub code: String,
    /// Vietnamese title.
    pub title: String,
    /// English title, where the data gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// Maximum points.
    #[serde(with = "crate::decimal::Str")]
    pub max: Decimal,
    /// 1 for a field, 2 for a criterion, 3 for a sub-criterion.
    pub depth: usize,
    /// The section of the field the node belongs to.
    pub section: Section,
    /// The method and flags of a leaf; absent for a node with children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf: Option<Leaf>,
    /// Official or reconstructed text.
    pub status: TextStatus,
    /// The document and item the node rests on.
    pub reference: String,
}

impl crate::edition::Edition {
    /// One appendix as a [`CriteriaView`]: nodes with depth and section.
    ///
    /// ```
    /// use cchc_core::{Appendix, Section};
    /// let edition = cchc_criteria::default_edition();
    /// let view = edition.criteria_view(Appendix::I).unwrap();
    /// assert_eq!(view.nodes[0].depth, 1);
    /// assert_eq!(view.nodes.last().unwrap().section, Section::Deduction);
    /// ```
    pub fn criteria_view(&self, appendix: Appendix) -> Option<CriteriaView> {
        let set = self.criteria(appendix)?;
        let nodes = set
            .nodes()
            .iter()
            .map(|n| NodeView {
                code: n.code.to_string(),
                title: n.title.to_string(),
                title_en: n.title_en.as_deref().map(str::to_owned),
                max: n.max,
                depth: n.depth(),
                section: set.section_of(&n.code).unwrap_or_default(),
                leaf: n.leaf.clone(),
                status: n.status,
                reference: n.reference.to_string(),
            })
            .collect();
        Some(CriteriaView {
            appendix,
            title: set.title.to_string(),
            max: set.max,
            nodes,
        })
    }
}
