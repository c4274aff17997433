//! Participating units and the four groups that select their appendix.

use crate::name::named;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The kind of agency a unit is; each group is scored against its own appendix.
///
/// ```
/// use cchc_core::{Appendix, Group, Named};
/// assert_eq!(Group::DistrictCommittee.appendix(), Appendix::II);
/// assert_eq!(Group::parse("central-agency"), Some(Group::CentralAgency));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Provincial departments and offices (sở, ban, ngành): Appendix I.
    Department,
    /// District-level People's Committees (UBND cấp huyện): Appendix II.
    DistrictCommittee,
    /// Public service units under the provincial People's Committee
    /// (đơn vị sự nghiệp công lập): Appendix III.
    PublicServiceUnit,
    /// Central-government agencies located in the province
    /// (cơ quan Trung ương đóng trên địa bàn): Appendix IV.
    CentralAgency,
}

impl Group {
    /// The appendix this group is scored against.
    pub fn appendix(self) -> Appendix {
        match self {
            Group::Department => Appendix::I,
            Group::DistrictCommittee => Appendix::II,
            Group::PublicServiceUnit => Appendix::III,
            Group::CentralAgency => Appendix::IV,
        }
    }

    /// The group's Vietnamese name as used in the official lists.
    pub fn name_vi(self) -> &'static str {
        match self {
            Group::Department => "Sở, ban, ngành tỉnh",
            Group::DistrictCommittee => "Ủy ban nhân dân cấp huyện",
            Group::PublicServiceUnit => "Đơn vị sự nghiệp công lập thuộc UBND tỉnh",
            Group::CentralAgency => "Cơ quan Trung ương đóng trên địa bàn tỉnh",
        }
    }
}

named!(Group, "group", {
    Department => "department",
    DistrictCommittee => "district-committee",
    PublicServiceUnit => "public-service-unit",
    CentralAgency => "central-agency",
});

/// One of the four criteria appendices (Phụ lục I–IV) of an edition.
///
/// ```
/// use cchc_core::{Appendix, Group, Named};
/// assert_eq!(Appendix::parse("III"), Some(Appendix::III));
/// assert_eq!(Appendix::III.group(), Group::PublicServiceUnit);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Appendix {
    /// Phụ lục I (departments).
    I,
    /// Phụ lục II (district committees).
    II,
    /// Phụ lục III (public service units).
    III,
    /// Phụ lục IV (central agencies).
    IV,
}

impl Appendix {
    /// The group scored against this appendix.
    pub fn group(self) -> Group {
        match self {
            Appendix::I => Group::Department,
            Appendix::II => Group::DistrictCommittee,
            Appendix::III => Group::PublicServiceUnit,
            Appendix::IV => Group::CentralAgency,
        }
    }
}

named!(Appendix, "appendix", { I => "I", II => "II", III => "III", IV => "IV" });

/// A participating unit (đơn vị): an agency scored in a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub(crate) id: Cow<'static, str>,
    pub(crate) name: Cow<'static, str>,
    pub(crate) group: Group,
}

impl Unit {
    /// The unit's stable identifier in the edition (e.g. "so-tu-phap").
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The unit's official Vietnamese name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The unit's group, which selects its appendix.
    pub fn group(&self) -> Group {
        self.group
    }
}
